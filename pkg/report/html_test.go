package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

const sampleMD = "# Case summary — 2026-11-22-k7f3m\n\n*Service social Furong*\n\n" +
	"| | |\n|---|---|\n| Status | accepted |\n| Request | Rent \\| arrears <script>alert(1)</script> |\n\n" +
	"## Notes\n\nShe said <b>thanks</b> & left. A <img src=\"https://tracker.example/p.png\"> tag.\n\n" +
	"<div onclick=\"x()\">\nblock <iframe src=\"https://example.org\"></iframe>\n</div>\n\n" +
	"![photo of the flat](https://example.org/flat.jpg)\n\n" +
	"```mermaid\nflowchart LR\n  c[\"Awa <3\"] --- s[\"School\"]\n```\n\n" +
	"```yaml\nkey: <value>\n```\n"

// tags are the page's elements (escaped text never matches: its < is &lt;).
var tags = regexp.MustCompile(`<[a-zA-Z][^>]*>`)

func render(t *testing.T, md, title, lang string) string {
	t.Helper()
	out, err := HTML([]byte(md), title, lang)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestHTMLPage(t *testing.T) {
	page := render(t, sampleMD, "", "fr")
	for _, want := range []string{
		"<!DOCTYPE html>\n<html lang=\"fr\">",
		`<meta charset="utf-8">`,
		"<title>Case summary — 2026-11-22-k7f3m</title>",
		"<style>", "@media print", "@page",
		"<table>", "<td>Status</td>", "<td>accepted</td>",
		"Rent | arrears &lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;b&gt;thanks&lt;/b&gt; &amp; left",
		"&lt;img src=&quot;https://tracker.example/p.png&quot;&gt;",
		"&lt;iframe",
		`<span class="image">[image: photo of the flat] (https://example.org/flat.jpg)</span>`,
		"<pre class=\"mermaid\">flowchart LR\n  c[&quot;Awa &lt;3&quot;] --- s[&quot;School&quot;]\n</pre>",
		"<figcaption>Schéma en Mermaid",
		`<pre><code class="language-yaml">key: &lt;value&gt;`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	// Nothing runs, nothing is loaded, nothing calls out.
	for _, bad := range []string{"<script", "<img", "<iframe", "<div", "<b>", "url(", "@import", "<link"} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q:\n%s", bad, page)
		}
	}
	// The user's text holds src= (escaped, as text); no element of the page has one.
	for _, tag := range tags.FindAllString(page, -1) {
		if strings.Contains(tag, "src=") || strings.Contains(tag, `href="http`) || strings.Contains(tag, " on") {
			t.Errorf("element %s loads or runs something", tag)
		}
	}
	if !strings.Contains(page, "default-src 'none'") {
		t.Error("no Content-Security-Policy forbidding every load")
	}
}

func TestHTMLTitleAndLang(t *testing.T) {
	page := render(t, "no heading\n", `A <title> & "more"`, "")
	if !strings.Contains(page, `<html lang="en">`) {
		t.Error("empty lang is not en")
	}
	if !strings.Contains(page, "<title>A &lt;title&gt; &amp; &#34;more&#34;</title>") {
		t.Errorf("title not escaped:\n%s", page)
	}
	page = render(t, "text\n\n## Plan for **Awa** `G-1`\n", "", "es")
	if !strings.Contains(page, "<title>Plan for Awa G-1</title>") || !strings.Contains(page, `lang="es"`) {
		t.Errorf("title from the first heading, lang es:\n%s", page)
	}
	if page := render(t, "", "", `en"><script>`); strings.Contains(page, "<script") {
		t.Errorf("lang not escaped:\n%s", page)
	}
	if page := render(t, "plain\n", "", "en"); !strings.Contains(page, "<title>casework</title>") {
		t.Errorf("no title fallback:\n%s", page)
	}
}

func TestHTMLDeterministic(t *testing.T) {
	a, err := HTML([]byte(sampleMD), "", "en")
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, err := HTML([]byte(sampleMD), "", "en")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two renderings differ")
		}
	}
}

// Every shipped report renders to a page with its tables and without anything that runs.
func TestHTMLOfCaseSummary(t *testing.T) {
	v := CaseView{ID: "2026-11-22-k7f3m", Status: "accepted", Episode: 1, Kind: "individual", OpenedOn: "2026-11-22",
		Worker: "a.martin", Priority: "urgent", Risk: "high", Area: "furong",
		People:  []PersonView{{ID: "P-1", Role: "client", Name: "Awa <script>alert(1)</script> Diallo"}},
		Request: "Rent arrears <script>alert(1)</script>", ReceivedOn: "2026-11-22", Source: "self",
		Engagement: "voluntary", ImmediateRisk: "none", Decision: "accept",
		Events: []EventView{{On: "2026-11-22", Kind: "intake", By: "a.martin", Codes: []string{"accept"}}}}
	md, err := Renderer{}.Render("case-summary.md.tmpl", "en", v)
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, string(md), "", "en")
	if !strings.Contains(page, "<table>") || !strings.Contains(page, "Awa &lt;script&gt;alert(1)&lt;/script&gt; Diallo") {
		t.Errorf("case summary page:\n%s", page)
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "src=") || strings.Contains(page, `href="http`) {
		t.Errorf("case summary page runs or loads something:\n%s", page)
	}
}
