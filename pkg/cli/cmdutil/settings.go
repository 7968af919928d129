package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/repo"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// Settings is the effective configuration and where each value came from.
type Settings struct {
	Config  casefile.Config
	Keys    []string          // every setting, dotted, sorted
	Values  map[string]any    // effective value by key
	Sources map[string]string // "default", a file path, "env CASEWORK_X" or "flag --x"
	Files   []string          // config files read, lowest precedence first
}

// Settings layers the configuration with one viper instance: flags > CASEWORK_* environment >
// the repository's casework.yaml > the user's config file > defaults. Each file is checked first,
// so a typo in a config file is reported with its line rather than silently ignored.
func (f *Factory) Settings() (*Settings, error) {
	if f.settings != nil {
		return f.settings, nil
	}
	defaults, err := flatten(casefile.DefaultConfig())
	if err != nil {
		return nil, err
	}
	v := viper.New()
	v.SetConfigType("yaml")
	for k, val := range defaults {
		v.SetDefault(k, val)
	}
	s := &Settings{Sources: map[string]string{}, Values: map[string]any{}}
	layer := func(path, label string) error {
		data, err := readConfigFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, _, ps := casefile.Decode(label, casefile.KindConfig, data, casefile.Rules{}); len(OnlyErrors(ps)) > 0 {
			return &ProblemsError{What: "the configuration has problems; fix them and run the command again:", Problems: OnlyErrors(ps)}
		}
		var m map[string]any
		if err := yaml.Unmarshal(data, &m); err != nil {
			return err
		}
		for k := range flattenMap("", m) {
			s.Sources[k] = label
		}
		s.Files = append(s.Files, label)
		return v.MergeConfig(bytes.NewReader(data))
	}
	if p := UserConfigPath(f.Getenv); p != "" {
		if err := layer(p, p); err != nil {
			return nil, err
		}
	}
	if r, err := f.Repo(); err == nil {
		if err := layer(r.Abs(repo.ConfigFile), r.Abs(repo.ConfigFile)); err != nil {
			return nil, err
		}
	}
	for k := range defaults {
		env := "CASEWORK_" + strings.ToUpper(strings.ReplaceAll(k, ".", "_"))
		if val := f.Getenv(env); val != "" {
			v.Set(k, envValue(val, defaults[k]))
			s.Sources[k] = "env " + env
		}
	}
	for k, fl := range f.flagBindings {
		if fl != nil && fl.Changed {
			v.Set(k, fl.Value.String())
			s.Sources[k] = "flag --" + fl.Name
		}
	}
	if err := v.Unmarshal(&s.Config); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	for k := range defaults {
		s.Keys = append(s.Keys, k)
		s.Values[k] = v.Get(k)
		if s.Sources[k] == "" {
			s.Sources[k] = "default"
		}
	}
	for k := range s.Sources { // keys only a file has, such as a retention policy of its own
		if _, ok := s.Values[k]; !ok {
			s.Keys = append(s.Keys, k)
			s.Values[k] = v.Get(k)
		}
	}
	sort.Strings(s.Keys)
	f.settings = s
	return s, nil
}

// envValue turns an environment string into the default's shape: lists are comma-separated.
func envValue(val string, def any) any {
	if _, ok := def.([]any); ok {
		parts := strings.Split(val, ",")
		out := make([]any, 0, len(parts))
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	return val
}

// flatten turns a config into dotted keys with their values.
func flatten(cfg casefile.Config) (map[string]any, error) {
	data, err := yaml.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	out := flattenMap("", m)
	delete(out, "schema_version")
	return out, nil
}

func flattenMap(prefix string, m map[string]any) map[string]any {
	out := map[string]any{}
	for k, val := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		if sub, ok := val.(map[string]any); ok && len(sub) > 0 {
			for kk, vv := range flattenMap(key, sub) {
				out[kk] = vv
			}
			continue
		}
		out[key] = val
	}
	return out
}

// maxConfigFile bounds a configuration file: a real one is a few kilobytes.
const maxConfigFile = 1 << 20

// readConfigFile reads a configuration file that must be a regular file of sensible size, so a
// named pipe or a device put in its place gives an error instead of a command that never ends.
// (A link to a regular file is followed: dotfile managers link user configs.)
func readConfigFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file; a configuration file is plain YAML", path)
	}
	if fi.Size() > maxConfigFile {
		return nil, fmt.Errorf("%s is larger than %d KiB; a configuration file is a few kilobytes", path, maxConfigFile>>10)
	}
	return os.ReadFile(path)
}
