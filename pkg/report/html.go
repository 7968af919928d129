package report

import (
	"bytes"
	"fmt"
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HTML renders a Markdown report as one self-contained, printable HTML5 page: the report in
// GitHub-flavoured Markdown (tables included), an inline stylesheet, and nothing else. Case
// records are confidential, so the page loads nothing at all: no script, font, image or
// stylesheet from anywhere, and its Content-Security-Policy forbids any that slipped in.
//
// What the Markdown holds is never passed through as HTML: raw HTML in it (a tag typed in a
// note) is shown as text, escaped, and an image is shown as its description and address, not
// loaded. A ```mermaid block (the ecomap) stays as its source in <pre class="mermaid">, with a
// note that viewers which support Mermaid draw it; no script is embedded to draw it.
//
// title is the page's title; empty, it is the text of the report's first heading. lang is the
// language of the page (en when empty). The same input gives the same bytes.
func HTML(markdown []byte, title, lang string) ([]byte, error) {
	if lang == "" {
		lang = "en"
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(
			// Unsafe stays off: raw HTML is never written out (htmlRenderer escapes it instead).
			renderer.WithNodeRenderers(util.Prioritized(&htmlRenderer{lang: lang}, 100)),
		),
	)
	doc := md.Parser().Parse(text.NewReader(markdown))
	if title == "" {
		title = firstHeading(doc, markdown)
	}
	if title == "" {
		title = "casework"
	}
	var body bytes.Buffer
	if err := md.Renderer().Render(&body, markdown, doc); err != nil {
		return nil, fmt.Errorf("rendering HTML: %w", err)
	}
	var page bytes.Buffer
	page.WriteString("<!DOCTYPE html>\n")
	fmt.Fprintf(&page, "<html lang=\"%s\">\n<head>\n", html.EscapeString(lang))
	page.WriteString("<meta charset=\"utf-8\">\n")
	// Nothing may be fetched: only the inline stylesheet below applies.
	page.WriteString("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n")
	page.WriteString("<meta name=\"referrer\" content=\"no-referrer\">\n")
	page.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&page, "<title>%s</title>\n", html.EscapeString(title))
	page.WriteString("<style>\n")
	page.WriteString(stylesheet)
	page.WriteString("</style>\n</head>\n<body>\n<main>\n")
	page.Write(body.Bytes())
	page.WriteString("</main>\n</body>\n</html>\n")
	return page.Bytes(), nil
}

// stylesheet is the page's only style: readable on screen, and printed on A4 or Letter with
// margins, tables that keep their borders and headers, and headings kept with what follows.
const stylesheet = `:root { color-scheme: light; }
html { font-size: 11pt; }
body {
  margin: 0; padding: 2rem 1rem; color: #1a1a1a; background: #fff;
  font-family: Georgia, "Times New Roman", "DejaVu Serif", "Liberation Serif", serif;
  line-height: 1.45;
}
main { max-width: 52rem; margin: 0 auto; }
h1, h2, h3, h4, h5, h6 {
  font-family: "Helvetica Neue", Arial, "DejaVu Sans", "Liberation Sans", sans-serif;
  line-height: 1.2; margin: 1.4em 0 0.5em; break-after: avoid; page-break-after: avoid;
}
h1 { font-size: 1.6rem; border-bottom: 2px solid #333; padding-bottom: 0.2em; margin-top: 0; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #999; padding-bottom: 0.15em; }
h3 { font-size: 1.1rem; }
p, ul, ol { margin: 0.5em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; font-size: 0.95em; }
th, td { border: 1px solid #777; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; font-family: "Helvetica Neue", Arial, "DejaVu Sans", "Liberation Sans", sans-serif; }
thead tr:not(:has(th:not(:empty))) { display: none; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
pre { border: 1px solid #bbb; background: #f7f7f7; padding: 0.6em; white-space: pre-wrap; overflow-wrap: anywhere; }
figure.diagram { margin: 0.6em 0 1em; }
figure.diagram figcaption { font-size: 0.85em; font-style: italic; color: #555; }
.image { font-style: italic; }
a { color: #1a1a1a; }
hr { border: 0; border-top: 1px solid #999; }
@page { size: auto; margin: 18mm 16mm; }
@media print {
  html { font-size: 10pt; }
  body { padding: 0; }
  main { max-width: none; }
  thead { display: table-header-group; }
  tr, pre, figure, li { break-inside: avoid; page-break-inside: avoid; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
}
`

// mermaidNotes say, in the report's language, how the diagram source is drawn.
var mermaidNotes = map[string]string{
	"en": "Diagram in Mermaid: drawn by viewers that support Mermaid (GitHub, GitLab, many Markdown editors); shown here as its source.",
	"fr": "Schéma en Mermaid : dessiné par les visionneuses qui prennent en charge Mermaid (GitHub, GitLab, de nombreux éditeurs Markdown) ; sa source est montrée ici.",
	"es": "Diagrama en Mermaid: lo dibujan los visores compatibles con Mermaid (GitHub, GitLab, muchos editores Markdown); aquí se muestra su código.",
}

// imageWords introduce an image's address, shown instead of loading it.
var imageWords = map[string]string{"en": "image", "fr": "image", "es": "imagen"}

func pick(m map[string]string, lang string) string {
	if v, ok := m[lang]; ok {
		return v
	}
	return m["en"]
}

// htmlRenderer overrides goldmark's rendering of what could run or load something: raw HTML
// (shown as escaped text), images (their description and address as text) and fenced code
// (mermaid blocks become a diagram figure).
type htmlRenderer struct {
	lang string
}

func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindFencedCodeBlock, r.fencedCode)
}

func (r *htmlRenderer) rawHTML(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*ast.RawHTML)
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			_, _ = w.Write(util.EscapeHTML(seg.Value(source)))
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r *htmlRenderer) htmlBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if entering {
		_, _ = w.WriteString("<p>")
		for i := range n.Lines().Len() {
			line := n.Lines().At(i)
			_, _ = w.Write(util.EscapeHTML(line.Value(source)))
		}
		if n.HasClosure() {
			_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(source)))
		}
		_, _ = w.WriteString("</p>\n")
	}
	return ast.WalkSkipChildren, nil
}

func (r *htmlRenderer) image(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.Image)
	_, _ = w.WriteString(`<span class="image">[`)
	_, _ = w.WriteString(html.EscapeString(pick(imageWords, r.lang)))
	if alt := plainText(n, source); alt != "" {
		_, _ = w.WriteString(": ")
		_, _ = w.WriteString(html.EscapeString(alt))
	}
	_, _ = w.WriteString("]")
	if len(n.Destination) > 0 {
		_, _ = w.WriteString(" (")
		_, _ = w.Write(util.EscapeHTML(n.Destination))
		_, _ = w.WriteString(")")
	}
	_, _ = w.WriteString("</span>")
	return ast.WalkSkipChildren, nil
}

func (r *htmlRenderer) fencedCode(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	language := string(n.Language(source))
	if strings.EqualFold(language, "mermaid") {
		_, _ = w.WriteString("<figure class=\"diagram\">\n<pre class=\"mermaid\">")
		writeLines(w, source, n)
		_, _ = w.WriteString("</pre>\n<figcaption>")
		_, _ = w.WriteString(html.EscapeString(pick(mermaidNotes, r.lang)))
		_, _ = w.WriteString("</figcaption>\n</figure>\n")
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString("<pre><code")
	if language != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.WriteString(html.EscapeString(language))
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(">")
	writeLines(w, source, n)
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

func writeLines(w util.BufWriter, source []byte, n ast.Node) {
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		_, _ = w.Write(util.EscapeHTML(line.Value(source)))
	}
}

// firstHeading is the plain text of the document's first heading.
func firstHeading(doc ast.Node, source []byte) string {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if h, ok := c.(*ast.Heading); ok {
			return plainText(h, source)
		}
	}
	return ""
}

// plainText is the text of a node's inline content, without its markup.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(source))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for g := t.FirstChild(); g != nil; g = g.NextSibling() {
				if s, ok := g.(*ast.Text); ok {
					b.Write(s.Segment.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			for i := range t.Segments.Len() {
				seg := t.Segments.At(i)
				b.Write(seg.Value(source))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
