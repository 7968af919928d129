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
	"strconv"
	"strings"
	"text/template"

	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/templates"
	"go.yaml.in/yaml/v3"
)

// Languages reports can be written in.
var Languages = []string{"en", "fr", "es"}

// Catalog is the labels of one language.
type Catalog struct {
	Labels map[string]string `yaml:"labels"`
	Codes  map[string]string `yaml:"codes"`
	// Details are the sentences of the caseload review's findings (caseload.Details), with
	// {name} where each argument goes.
	Details map[string]string `yaml:"details"`
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
	return r.RenderText(name, "", lang, data)
}

// RenderText is Render with a template's text given, for template authors: it is parsed last,
// named name (its file's path, which errors then give with the line), so its {{define}} blocks
// replace the shipped ones of the same name. An empty text renders the shipped template name.
func (r Renderer) RenderText(name, text, lang string, data any) ([]byte, error) {
	cat, err := r.Catalog(lang)
	if err != nil {
		return nil, err
	}
	set := template.New("").Funcs(cat.funcs(lang)).Option("missingkey=error")
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
		shipped, err := r.readFor(lang, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		if _, err := set.New(n).Parse(string(shipped)); err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
	}
	if text != "" {
		if _, err := set.New(name).Parse(text); err != nil {
			return nil, err
		}
	} else if set.Lookup(name) == nil {
		return nil, fmt.Errorf("no template %s", name)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, name, data); err != nil {
		if text != "" {
			return nil, err
		}
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// funcs are what templates may call:
//
//	t KEY             a heading's label
//	code CODE         a code's label ("in_progress" → "en cours")
//	codeAs KIND CODE  a code's label where its wording depends on what it qualifies (a referral's
//	                  "completed" is "réalisée"): the label "KIND.CODE" if the catalog has one
//	tr MAP FALLBACK   the language's text of a by-language map (instrument names)
//	cell TEXT         free text made safe in a Markdown table cell (| escaped, lines joined)
//	date D            an ISO date as the language writes it (23/11/2026 in fr and es)
//	num X             a number with one decimal, in the language's notation (45,1 in fr and es)
//	pct X             a percentage (67.4) rounded, in the language's notation (67 %, 67%)
//	ecomap E          an ecomap as a Mermaid diagram, its labels in the language
//	detail F          a review finding's detail in the language (its English Detail when the
//	                  catalog has no sentence for it)
//	lang              the language's code
func (c *Catalog) funcs(lang string) template.FuncMap {
	code := func(code string) string {
		if v, ok := c.Codes[code]; ok {
			return v
		}
		return code
	}
	comma := lang == "fr" || lang == "es"
	num := func(x float64) string {
		s := strconv.FormatFloat(x, 'f', 1, 64)
		if comma {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	date := func(v any) string {
		s := fmt.Sprint(v)
		if !comma || len(s) < 10 || s[4] != '-' || s[7] != '-' {
			return s
		}
		return s[8:10] + "/" + s[5:7] + "/" + s[0:4] + s[10:]
	}
	codeAs := func(kind, cd string) string {
		if v, ok := c.Codes[kind+"."+cd]; ok {
			return v
		}
		return code(cd)
	}
	return template.FuncMap{
		"t": func(key string) string {
			if v, ok := c.Labels[key]; ok {
				return v
			}
			return key
		},
		"code":   code,
		"codeAs": codeAs,
		"tr": func(m map[string]string, fallback string) string {
			if v := m[lang]; v != "" {
				return v
			}
			if v := m["en"]; v != "" {
				return v
			}
			return fallback
		},
		"num": num,
		// date writes an ISO date (or date and time) the way the language does: unchanged in
		// English, day/month/year in French and Spanish.
		"date": date,
		// cell makes free text safe inside a Markdown table cell: a | or a line break would
		// otherwise end the cell or the row.
		"cell": func(v any) string {
			s := fmt.Sprint(v)
			s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", "\\|").Replace(s)
			return s
		},
		"pct": func(x float64) string {
			s := strconv.FormatFloat(x, 'f', 0, 64)
			if comma {
				return s + "\u00a0%"
			}
			return s + "%"
		},
		"ecomap": func(e *EcomapView) string {
			if e == nil {
				return ""
			}
			return ecomapMermaid(e.Map, e.Centre, e.label, code("stressful"))
		},
		"detail": func(f caseload.Finding) string {
			sentence, ok := c.Details[f.Key]
			if f.Key == "" || !ok {
				return f.Detail
			}
			return caseload.FormatDetail(sentence, f.Args, func(name, v string) string {
				switch typ := caseload.ArgTypes[name]; typ {
				case caseload.ArgDate:
					return date(v)
				case caseload.ArgNumber, caseload.ArgID, "":
					return v
				default:
					// In English a detail says its codes as they are, as Detail (and so
					// json, tsv and the table) does: one English sentence wherever it is read.
					if lang == "en" {
						return v
					}
					return codeAs(typ, v)
				}
			})
		},
		"lang": func() string { return lang },
	}
}
