package reportcmd

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"text/template"

	"github.com/casework/casework/pkg/report"
	"github.com/casework/casework/templates"
)

// Render executes a template's text, named name (its file's path, which errors then give with
// the line: "template: NAME:LINE:COL: ..."), over data in lang, with what the shipped reports
// have: the functions t, code, tr and lang, and every shipped template (the repository's own
// versions, in dir, winning) with their {{define}} blocks.
//
// The functions are those of report.Renderer.Render, which keeps them to itself: a function
// added there is to be added here.
func Render(dir, name, text, lang string, data any) ([]byte, error) {
	cat, err := report.Renderer{Dir: dir}.Catalog(lang)
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
	if dir != "" {
		local, _ := filepath.Glob(filepath.Join(dir, "*.md.tmpl"))
		for _, l := range local {
			names = append(names, filepath.Base(l))
		}
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		shipped, err := read(dir, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		if _, err := set.New(n).Parse(string(shipped)); err != nil {
			return nil, fmt.Errorf("the repository's template %s: %w", n, err)
		}
	}
	// Parsed last, so that its {{define}} blocks replace the shipped ones of the same name.
	if _, err := set.New(name).Parse(text); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// read is a shipped template, the repository's version first.
func read(dir, name string) ([]byte, error) {
	if dir != "" {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return fs.ReadFile(templates.FS, name)
}
