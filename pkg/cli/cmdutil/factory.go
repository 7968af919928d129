package cmdutil

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
	"github.com/spf13/pflag"
)

// Factory opens what a command needs, lazily, so a command pays only for what it uses. Tests
// build one with their own streams, environment and folder.
type Factory struct {
	IO *IOStreams
	// Set by the root command's persistent flags.
	RepoFlag     string
	TodayFlag    string
	IdentityFlag string // --identity: the practitioner's age identity file (keys.go)
	// Getenv and Getwd are the process's unless a test replaces them.
	Getenv func(string) string
	Getwd  func() (string, error)
	// GitConfig reads a git setting (user.email, user.name) in a folder; nil runs git.
	GitConfig func(dir, key string) string

	flagBindings map[string]*pflag.Flag
	repo         *repo.Repo
	settings     *Settings
	keys         keyState
}

// New returns a factory over the real process.
func New() *Factory {
	return &Factory{IO: System(), Getenv: os.Getenv, Getwd: os.Getwd}
}

// Repo finds the case repository: --repo, then CASEWORK_REPO, then the current folder and its
// parents.
func (f *Factory) Repo() (*repo.Repo, error) {
	if f.repo != nil {
		return f.repo, nil
	}
	var (
		r   *repo.Repo
		err error
	)
	switch {
	case f.RepoFlag != "":
		r, err = repo.Open(f.RepoFlag)
	case f.Getenv("CASEWORK_REPO") != "":
		r, err = repo.Open(f.Getenv("CASEWORK_REPO"))
	default:
		wd, werr := f.Getwd()
		if werr != nil {
			return nil, werr
		}
		r, err = repo.Find(wd)
	}
	if err != nil {
		return nil, WithHint(err, "run casework init DIR to create one, or name one with --repo DIR or CASEWORK_REPO")
	}
	f.repo = r
	return r, nil
}

// Clock is the clock commands read: pinned by --today or CASEWORK_TODAY so that tests and past
// reports are reproducible.
func (f *Factory) Clock() (dates.Clock, error) {
	spec, from := f.TodayFlag, "--today"
	if spec == "" {
		spec, from = f.Getenv("CASEWORK_TODAY"), "CASEWORK_TODAY"
	}
	c, err := dates.ClockFromSpec(spec, time.Local)
	if err != nil {
		return nil, UsageErrorf("%s: %v", from, err)
	}
	return c, nil
}

// Today is the clock's date.
func (f *Factory) Today() (dates.Date, error) {
	c, err := f.Clock()
	if err != nil {
		return dates.Date{}, err
	}
	return dates.Today(c), nil
}

// Rules are what file checks need: today and the effective configuration.
func (f *Factory) Rules() (casefile.Rules, error) {
	today, err := f.Today()
	if err != nil {
		return casefile.Rules{}, err
	}
	s, err := f.Settings()
	if err != nil {
		return casefile.Rules{}, err
	}
	return casefile.Rules{Today: today, Config: s.Config}, nil
}

// ReadRules are the rules for reading records, without the checks against today's date: a
// record dated after a pinned --today is not broken, it is later. check and writers use Rules.
func (f *Factory) ReadRules() (casefile.Rules, error) {
	r, err := f.Rules()
	r.Today = dates.Date{}
	return r, err
}

// BindFlag makes a command's flag the top layer for a configuration key.
func (f *Factory) BindFlag(key string, fl *pflag.Flag) {
	if f.flagBindings == nil {
		f.flagBindings = map[string]*pflag.Flag{}
	}
	f.flagBindings[key] = fl
	f.settings = nil
}

// Worker is the practitioner's identity: worker.id and worker.name from the configuration, else
// git's user.email and user.name. Every entry records it as its author.
func (f *Factory) Worker() (casefile.Worker, error) {
	s, err := f.Settings()
	if err != nil {
		return casefile.Worker{}, err
	}
	w := s.Config.Worker
	if w.ID == "" || w.Name == "" || w.Email == "" {
		dir := ""
		if r, err := f.Repo(); err == nil {
			dir = r.Root
		}
		read := f.GitConfig
		if read == nil {
			read = gitConfig
		}
		email, name := read(dir, "user.email"), read(dir, "user.name")
		if w.ID == "" && email != "" {
			w.ID = strings.ToLower(strings.SplitN(email, "@", 2)[0])
		}
		if w.Name == "" {
			w.Name = name
		}
		if w.Email == "" {
			w.Email = email
		}
	}
	if w.ID == "" {
		return w, WithHint(errors.New("who is writing? no practitioner identity is configured"),
			"set worker.id and worker.name in %s, or CASEWORK_WORKER_ID, or git config --global user.email", UserConfigPath(f.Getenv))
	}
	if w.Name == "" {
		w.Name = w.ID
	}
	return w, nil
}

func gitConfig(dir, key string) string {
	cmd := exec.Command("git", "config", "--get", key)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// LockTimeout is how long a writer waits for another to finish: CASEWORK_LOCK_TIMEOUT, default 5s.
func (f *Factory) LockTimeout() (time.Duration, error) {
	v := f.Getenv("CASEWORK_LOCK_TIMEOUT")
	if v == "" {
		return 5 * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, UsageErrorf("CASEWORK_LOCK_TIMEOUT=%q: use a duration such as 5s or 0", v)
	}
	return d, nil
}

// Lock takes the repository's write lock for a command.
func (f *Factory) Lock(r *repo.Repo, what string) (*safeio.Lock, error) {
	timeout, err := f.LockTimeout()
	if err != nil {
		return nil, err
	}
	l, err := r.Lock("casework "+what, timeout)
	if errors.Is(err, safeio.ErrLocked) {
		return nil, WithHint(err, "wait for the other casework command to finish, then run this one again")
	}
	if err != nil {
		return nil, err // not locked: a full disk, a folder it may not write to
	}
	return l, nil
}

// UserConfigPath is the user's own config file: CASEWORK_CONFIG, else the XDG location.
func UserConfigPath(getenv func(string) string) string {
	if p := getenv("CASEWORK_CONFIG"); p != "" {
		return p
	}
	base := getenv("XDG_CONFIG_HOME")
	if base == "" {
		home := getenv("HOME")
		if home == "" {
			return ""
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "casework", "config.yaml")
}

// ParseDate reads a date typed on the command line (ISO, today, +3d, next monday...).
func (f *Factory) ParseDate(flag, value string) (dates.Date, error) {
	today, err := f.Today()
	if err != nil {
		return dates.Date{}, err
	}
	d, err := dates.ParseRelative(value, today)
	if err != nil {
		return dates.Date{}, UsageErrorf("--%s: %v", flag, err)
	}
	return d, nil
}

// Describe names the command for the lock file and messages.
func Describe(args []string) string { return fmt.Sprint(strings.Join(args, " ")) }
