// Package report renders Markdown reports from templates, with labels in English, French or
// Spanish. Templates and labels ship embedded; a case repository may override any file by
// placing one of the same name in its templates/ folder.
package report

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"text/template"

	"github.com/casework/casework/templates"
	"go.yaml.in/yaml/v3"
)

// Languages reports can be written in.
var Languages = []string{"en", "fr", "es"}

// Catalog is the labels of one language.
type Catalog struct {
	Labels map[string]string `yaml:"labels"`
	Codes  map[string]string `yaml:"codes"`
}

// Renderer renders reports, reading overrides from a repository folder when given.
type Renderer struct {
	// Dir is the repository's templates/ folder; files there win over the embedded ones.
	Dir string
}

func (r Renderer) read(name string) ([]byte, error) {
	if r.Dir != "" {
		data, err := os.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(name)))
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return fs.ReadFile(templates.FS, name)
}

// readFor reads a template for a language: templates/<lang>/<name> when a repository (or a
// later build) has one, for a language whose wording needs more than labels, else the shared
// templates/<name> that takes its labels from the catalog.
func (r Renderer) readFor(lang, name string) ([]byte, error) {
	data, err := r.read(lang + "/" + name)
	if err == nil {
		return data, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return r.read(name)
}

// Catalog loads a language's labels.
func (r Renderer) Catalog(lang string) (*Catalog, error) {
	data, err := r.read("i18n/" + lang + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no labels for language %q (use en, fr or es): %w", lang, err)
	}
	var c Catalog
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("i18n/%s.yaml: %w", lang, err)
	}
	return &c, nil
}

// Render executes the template name (e.g. "case-summary.md.tmpl") over data in lang. Every
// template is parsed into one set, so a report can include another's {{define}} blocks (the case
// summary shows the plan as the plan report does).
func (r Renderer) Render(name, lang string, data any) ([]byte, error) {
	cat, err := r.Catalog(lang)
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"t": func(key string) string {
			if v, ok := cat.Labels[key]; ok {
				return v
			}
			return key
		},
		"code": func(code string) string {
			if v, ok := cat.Codes[code]; ok {
				return v
			}
			return code
		},
		// tr picks the language's text from a by-language map, falling back to English.
		"tr": func(m map[string]string, fallback string) string {
			if v := m[lang]; v != "" {
				return v
			}
			if v := m["en"]; v != "" {
				return v
			}
			return fallback
		},
		"lang": func() string { return lang },
	}
	set := template.New("").Funcs(funcs).Option("missingkey=error")
	names, err := fs.Glob(templates.FS, "*.md.tmpl")
	if err != nil {
		return nil, err
	}
	if r.Dir != "" {
		for _, pattern := range []string{"*.md.tmpl", lang + "/*.md.tmpl"} {
			local, _ := filepath.Glob(filepath.Join(r.Dir, pattern))
			for _, l := range local {
				names = append(names, filepath.Base(l))
			}
		}
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		text, err := r.readFor(lang, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		if _, err := set.New(n).Parse(string(text)); err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
	}
	if set.Lookup(name) == nil {
		return nil, fmt.Errorf("no template %s", name)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
