package cmdutil

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
)

// fakeEditorScript is an editor for the tests: its last argument is the file. On opening N it
// records the file's mode (mode-N) and content (seen-N), then replaces the content with the
// file N of its folder, if there is one.
const fakeEditorScript = `#!/bin/sh
set -e
dir=$(dirname "$0")
for a; do f=$a; done
n=$(cat "$dir/.n" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" > "$dir/.n"
stat -c %a "$f" > "$dir/mode-$n"
cat "$f" > "$dir/seen-$n"
if [ -f "$dir/$n" ]; then cat "$dir/$n" > "$f"; fi
`

type editorFixture struct {
	f      *Factory
	errOut *bytes.Buffer
	root   string // the repository root
	dir    string // the fake editor's folder
	env    map[string]string
}

// newEditorFixture sets EDITOR to the fake editor, which saves contents[0] on the first
// opening, contents[1] on the second... A nil content leaves the file as it was.
func newEditorFixture(t *testing.T, contents ...[]byte) *editorFixture {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "editor.sh")
	if err := os.WriteFile(script, []byte(fakeEditorScript), 0o700); err != nil {
		t.Fatal(err)
	}
	for i, c := range contents {
		if c == nil {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i+1)), c, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	fx := &editorFixture{root: t.TempDir(), dir: dir, errOut: &bytes.Buffer{}, env: map[string]string{"EDITOR": script}}
	fx.f = &Factory{
		IO:     &IOStreams{In: &bytes.Buffer{}, Out: &bytes.Buffer{}, ErrOut: fx.errOut},
		Getenv: func(k string) string { return fx.env[k] },
	}
	t.Cleanup(func() { fx.assertNoLeftover(t) })
	return fx
}

// read returns a file the fake editor wrote: seen-N, mode-N.
func (fx *editorFixture) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fx.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// openings is how many times the editor ran.
func (fx *editorFixture) openings(t *testing.T) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fx.dir, ".n"))
	if errors.Is(err, os.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (fx *editorFixture) assertNoLeftover(t *testing.T) {
	t.Helper()
	editDir := filepath.Join(fx.root, filepath.FromSlash(EditDir))
	fi, err := os.Stat(editDir)
	if err != nil {
		t.Errorf("edit folder: %v", err)
		return
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("edit folder mode = %04o, want 0700", got)
	}
	entries, err := os.ReadDir(editDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left over in %s: %s", EditDir, e.Name())
	}
}

// validator reports a problem at line 2, column 5 while the document holds "bad".
type validator struct{ calls [][]byte }

func (v *validator) validate(doc []byte) []casefile.Problem {
	v.calls = append(v.calls, append([]byte(nil), doc...))
	var ps []casefile.Problem
	if bytes.Contains(doc, []byte("bad")) {
		ps = append(ps, casefile.Problem{Path: "x.yaml", Line: 2, Col: 5, Msg: `unknown field "bad"`})
	}
	if bytes.Contains(doc, []byte("meh")) {
		ps = append(ps, casefile.Problem{Path: "x.yaml", Line: 1, Col: 1, Msg: "a warning only", Warning: true})
	}
	return ps
}

const header = "# casework: write the assessment below; save an empty file to give up.\n"

var initial = []byte(header + "date: 2026-11-23\ntype: initial\n")

func TestEditLoopValidFirstSave(t *testing.T) {
	saved := []byte(header + "date: 2026-11-23\ntype: review\n")
	fx := newEditorFixture(t, saved)
	var v validator
	got, err := fx.f.EditLoop(fx.root, "assessment-2026-11-23.yaml", initial, v.validate)
	if err != nil {
		t.Fatal(err)
	}
	if want := "date: 2026-11-23\ntype: review\n"; string(got) != want {
		t.Errorf("result = %q, want %q (without the header)", got, want)
	}
	if len(v.calls) != 1 || string(v.calls[0]) != string(got) {
		t.Errorf("validate saw %q, want the document without the header", v.calls)
	}
	if fx.openings(t) != 1 {
		t.Errorf("editor opened %d times, want 1", fx.openings(t))
	}
	if got := fx.read(t, "seen-1"); got != string(initial) {
		t.Errorf("first opening showed %q, want initial %q", got, initial)
	}
	if got := strings.TrimSpace(fx.read(t, "mode-1")); got != "600" {
		t.Errorf("file mode while editing = %s, want 600", got)
	}
	if fx.errOut.Len() != 0 {
		t.Errorf("stderr = %q, want nothing", fx.errOut)
	}
}

func TestEditLoopReopensWithErrors(t *testing.T) {
	first := []byte(header + "date: 2026-11-23\n    bad: 1\n")
	// The practitioner fixes the document and leaves the error lines in: they are stripped.
	second := []byte("# ERROR line 2, column 5: unknown field \"bad\"\n" + header + "date: 2026-11-23\ntype: review\n")
	fx := newEditorFixture(t, first, second)
	var v validator
	got, err := fx.f.EditLoop(fx.root, "assessment-2026-11-23.yaml", initial, v.validate)
	if err != nil {
		t.Fatal(err)
	}
	if want := "date: 2026-11-23\ntype: review\n"; string(got) != want {
		t.Errorf("result = %q, want %q", got, want)
	}
	if fx.openings(t) != 2 {
		t.Fatalf("editor opened %d times, want 2", fx.openings(t))
	}
	shown := fx.read(t, "seen-2")
	if want := "# ERROR line 2, column 5: unknown field \"bad\"\n"; !strings.HasPrefix(shown, want) {
		t.Errorf("second opening showed\n%s\nwant it to start with %q", shown, want)
	}
	if !strings.Contains(shown, header) || !strings.HasSuffix(shown, "\ndate: 2026-11-23\n    bad: 1\n") {
		t.Errorf("second opening showed\n%s\nwant the instructions and the saved document under the errors", shown)
	}
	if h, doc := splitEditHeader([]byte(shown)); string(doc) != "date: 2026-11-23\n    bad: 1\n" || !strings.Contains(string(h), "# ERROR") {
		t.Errorf("the comment block of the second opening is not stripped whole: header %q, document %q", h, doc)
	}
	for i, c := range v.calls {
		if bytes.Contains(c, []byte("#")) {
			t.Errorf("validate call %d saw comment lines: %q", i+1, c)
		}
	}
	if got := strings.TrimSpace(fx.read(t, "mode-2")); got != "600" {
		t.Errorf("file mode on reopening = %s, want 600", got)
	}
	if !strings.Contains(fx.errOut.String(), "1 error(s); reopening the editor") {
		t.Errorf("stderr = %q, want a note that the editor reopens", fx.errOut)
	}
}

func TestEditLoopWarningsDoNotReopen(t *testing.T) {
	fx := newEditorFixture(t, []byte("type: meh\n"))
	var v validator
	got, err := fx.f.EditLoop(fx.root, "a.yaml", initial, v.validate)
	if err != nil || string(got) != "type: meh\n" {
		t.Fatalf("EditLoop = %q, %v; want the document despite the warning", got, err)
	}
	if fx.openings(t) != 1 {
		t.Errorf("editor opened %d times, want 1", fx.openings(t))
	}
}

func TestEditLoopAborted(t *testing.T) {
	for name, saved := range map[string][]byte{
		"empty":              {},
		"only comments":      []byte(header + "# date: 2026-11-23\n\n   \n"),
		"emptied on reopen":  nil, // set below
		"header, no content": []byte(header),
	} {
		t.Run(name, func(t *testing.T) {
			contents := [][]byte{saved}
			if name == "emptied on reopen" {
				contents = [][]byte{[]byte("bad: 1\n"), []byte("\n")}
			}
			fx := newEditorFixture(t, contents...)
			var v validator
			got, err := fx.f.EditLoop(fx.root, "a.yaml", initial, v.validate)
			if !errors.Is(err, ErrEditAborted) || got != nil {
				t.Fatalf("EditLoop = %q, %v; want ErrEditAborted", got, err)
			}
		})
	}
}

func TestEditLoopSavedAgainWithErrors(t *testing.T) {
	// The second opening leaves the file as shown, errors and all: the practitioner gives up
	// rather than being shown the same file for ever.
	fx := newEditorFixture(t, []byte("date: 2026-11-23\n    bad: 1\n"))
	var v validator
	_, err := fx.f.EditLoop(fx.root, "a.yaml", initial, v.validate)
	if !errors.Is(err, ErrEditAborted) || !strings.Contains(err.Error(), `line 2, column 5: unknown field "bad"`) {
		t.Fatalf("err = %v; want ErrEditAborted naming the errors", err)
	}
	if fx.openings(t) != 2 {
		t.Errorf("editor opened %d times, want 2", fx.openings(t))
	}
}

func TestEditLoopUnchanged(t *testing.T) {
	for name, saved := range map[string][]byte{
		"untouched":            nil,
		"final newline only":   []byte(header + "date: 2026-11-23\ntype: initial\n\n"),
		"header edited only":   []byte("date: 2026-11-23\ntype: initial\n"),
		"reverted on reopen":   nil, // set below
		"initial only comment": nil, // set below
	} {
		t.Run(name, func(t *testing.T) {
			contents, init := [][]byte{saved}, initial
			switch name {
			case "reverted on reopen":
				contents = [][]byte{[]byte("bad: 1\n"), initial}
			case "initial only comment":
				init = []byte(header)
			}
			fx := newEditorFixture(t, contents...)
			var v validator
			got, err := fx.f.EditLoop(fx.root, "a.yaml", init, v.validate)
			if !errors.Is(err, ErrEditUnchanged) || got != nil {
				t.Fatalf("EditLoop = %q, %v; want ErrEditUnchanged", got, err)
			}
		})
	}
}

func TestEditLoopEditorFails(t *testing.T) {
	for name, editor := range map[string]string{
		"exits non-zero": "false",
		"not found":      "no-such-editor-casework",
	} {
		t.Run(name, func(t *testing.T) {
			fx := newEditorFixture(t)
			fx.env["EDITOR"] = editor
			var v validator
			_, err := fx.f.EditLoop(fx.root, "a.yaml", initial, v.validate)
			if err == nil || !strings.Contains(err.Error(), editor) {
				t.Fatalf("err = %v; want an error naming %q", err, editor)
			}
			var hint *HintError
			if !errors.As(err, &hint) || !strings.Contains(hint.Hint, "EDITOR") {
				t.Errorf("err = %v; want a hint to set EDITOR", err)
			}
			if len(v.calls) != 0 {
				t.Errorf("validate was called %d times after the editor failed", len(v.calls))
			}
		})
	}
}

func TestEditLoopEditorChoice(t *testing.T) {
	fx := newEditorFixture(t, []byte("type: review\n"))
	script := fx.env["EDITOR"]
	// VISUAL wins over EDITOR, and may hold arguments.
	fx.env["VISUAL"] = script + " --wait"
	fx.env["EDITOR"] = "false"
	var v validator
	got, err := fx.f.EditLoop(fx.root, "assessment-2026-11-23.yaml", initial, v.validate)
	if err != nil || string(got) != "type: review\n" {
		t.Fatalf("EditLoop = %q, %v", got, err)
	}
	none := &Factory{Getenv: func(string) string { return "" }}
	if got := none.editorCommand(); got != "vi" {
		t.Errorf("editor with neither VISUAL nor EDITOR = %q, want vi", got)
	}
}

func TestEditLoopFileName(t *testing.T) {
	fx := newEditorFixture(t, []byte("type: review\n"))
	// Record the path the editor was given, beside the fake editor's own records.
	fx.env["EDITOR"] = `sh -c 'echo "$1" > ` + filepath.Join(fx.dir, "path") + `; exec ` + fx.env["EDITOR"] + ` "$1"' sh`
	var v validator
	if _, err := fx.f.EditLoop(fx.root, "../../assessment-2026-11-23.yaml", initial, v.validate); err != nil {
		t.Fatal(err)
	}
	path := strings.TrimSpace(fx.read(t, "path"))
	if filepath.Base(path) != "assessment-2026-11-23.yaml" {
		t.Errorf("edited %s, want a file named assessment-2026-11-23.yaml", path)
	}
	editDir := filepath.Join(fx.root, filepath.FromSlash(EditDir)) + string(filepath.Separator)
	if !strings.HasPrefix(path, editDir) {
		t.Errorf("edited %s, want a file under %s", path, editDir)
	}
}

func TestSplitEditHeader(t *testing.T) {
	for _, tc := range []struct{ in, header, doc string }{
		{"", "", ""},
		{"a: 1\n", "", "a: 1\n"},
		{"# casework: x\n# ERROR line 1, column 1: y\na: 1\n# casework: kept\n", "# casework: x\n# ERROR line 1, column 1: y\n", "a: 1\n# casework: kept\n"},
		{"# casework: x\n\n# casework: y\n", "# casework: x\n", "\n# casework: y\n"},
		{"# a comment\n# casework: x\n", "", "# a comment\n# casework: x\n"},
		{"# casework: no newline", "# casework: no newline", ""},
	} {
		h, d := splitEditHeader([]byte(tc.in))
		if string(h) != tc.header || string(d) != tc.doc {
			t.Errorf("splitEditHeader(%q) = %q, %q; want %q, %q", tc.in, h, d, tc.header, tc.doc)
		}
	}
}
