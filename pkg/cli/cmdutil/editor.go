package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/repo"
)

// The ends of an edit that write nothing. Callers say so and exit without error or with their
// own; both messages already end in "nothing written".
var (
	// ErrEditAborted: the practitioner saved an empty file (or only comments), or saved a
	// document with errors again without changing it.
	ErrEditAborted = errors.New("edit abandoned; nothing written")
	// ErrEditUnchanged: the document was saved as it was given.
	ErrEditUnchanged = errors.New("nothing changed; nothing written")
)

// EditDir is where documents being edited live, inside the repository's git-ignored state
// folder, so confidential text never lands in a shared /tmp.
const EditDir = repo.StateDir + "/edit"

// The prefixes of the comment lines EditLoop strips before validating: the caller's
// instructions and the errors of the last save.
const (
	headerPrefix = "# casework:"
	errorPrefix  = "# ERROR"
)

// reopenNote is added under the errors when the editor is reopened.
const reopenNote = headerPrefix + " fix the errors above, then save and close; line numbers count from the first line" +
	" after these comments. Save an empty file to give up."

// EditLoop lets the practitioner write or change a document in their editor. It writes initial
// to a private temporary file (0600, in the repository's .casework/edit/ folder, created 0700,
// so confidential text never lands in a shared /tmp), runs the editor ($VISUAL, else $EDITOR,
// else "vi"; the value may hold arguments, run through `sh -c '<editor> "$1"' sh <file>` with
// the factory's streams when they are *os.File, else the process's), then calls validate on
// what was saved, without the header block of "# casework:" and "# ERROR" comment lines.
//
// When validate returns errors (warnings do not count), they are put at the top of the file as
// comment lines ("# ERROR line 12, column 3: unknown field ...", lines of the document without
// the comment block) and the editor is reopened, until the document is valid or the
// practitioner gives up: saving an empty file (or only comments) returns ErrEditAborted, as
// does saving the file with its errors without changing it. Saving the document unchanged
// from initial returns ErrEditUnchanged. An editor that fails (exits non-zero, or cannot be
// run) ends the loop with an error naming it. The temporary file is removed in every case.
//
// name is the temporary file's base name (e.g. "assessment-2026-11-23.yaml"), so editors pick
// the syntax. initial may begin with "# casework: ..." lines telling what to do; they are
// shown, and stripped before validating. On success EditLoop returns the saved bytes without
// the header block.
func (f *Factory) EditLoop(repoRoot, name string, initial []byte, validate func([]byte) []casefile.Problem) ([]byte, error) {
	editor := f.editorCommand()
	path, cleanup, err := createEditFile(repoRoot, name, initial)
	if err != nil {
		return nil, err
	}
	defer cleanup()

	instructions, initialDoc := splitEditHeader(initial)
	shown := initial
	for round := 1; ; round++ {
		if err := f.runEditor(editor, path); err != nil {
			return nil, err
		}
		saved, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading what the editor saved: %w; nothing written", err)
		}
		_, doc := splitEditHeader(saved)
		switch {
		case round == 1 && bytes.Equal(saved, initial):
			return nil, ErrEditUnchanged
		case onlyComments(doc):
			return nil, ErrEditAborted
		case sameDocument(doc, initialDoc):
			return nil, ErrEditUnchanged
		}
		errs := OnlyErrors(validate(doc))
		if len(errs) == 0 {
			return doc, nil
		}
		if round > 1 && bytes.Equal(saved, shown) {
			return nil, &stillInvalidError{problems: errs}
		}
		shown = errorHeader(errs, instructions, doc)
		if err := rewriteEditFile(path, shown); err != nil {
			return nil, err
		}
		fmt.Fprintf(f.editErrOut(), "casework: the document has %d error(s); reopening the editor (save an empty file to give up)\n",
			len(errs))
	}
}

// splitEditHeader splits a document as saved in the editor into its header block (the leading
// "# casework:" and "# ERROR" comment lines) and the document that follows.
func splitEditHeader(b []byte) (header, doc []byte) {
	rest := b
	for len(rest) > 0 {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line = rest[:i+1]
		}
		if !bytes.HasPrefix(line, []byte(headerPrefix)) && !bytes.HasPrefix(line, []byte(errorPrefix)) {
			break
		}
		rest = rest[len(line):]
	}
	n := len(b) - len(rest)
	return b[:n:n], rest
}

func (f *Factory) editErrOut() io.Writer {
	if f.IO == nil || f.IO.ErrOut == nil {
		return io.Discard
	}
	return f.IO.ErrOut
}

// editorCommand is $VISUAL, else $EDITOR, else vi.
func (f *Factory) editorCommand() string {
	getenv := f.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if e := strings.TrimSpace(getenv(v)); e != "" {
			return e
		}
	}
	return "vi"
}

// runEditor runs the editor on path through the shell, so the setting may hold arguments
// ("code --wait", "emacs -nw").
func (f *Factory) runEditor(editor, path string) error {
	cmd := exec.Command("sh", "-c", editor+` "$1"`, "sh", path)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if f.IO != nil {
		if in, ok := f.IO.In.(*os.File); ok {
			cmd.Stdin = in
		}
		if out, ok := f.IO.Out.(*os.File); ok {
			cmd.Stdout = out
		}
		if errOut, ok := f.IO.ErrOut.(*os.File); ok {
			cmd.Stderr = errOut
		}
	}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee) && ee.ExitCode() == 127:
			err = fmt.Errorf("the editor (%s) was not found; nothing written", editor)
		case errors.As(err, &ee):
			err = fmt.Errorf("the editor (%s) exited with status %d; nothing written", editor, ee.ExitCode())
		default:
			err = fmt.Errorf("could not run the editor (%s): %v; nothing written", editor, err)
		}
		return WithHint(err, "set EDITOR (or VISUAL) to an editor that waits until the file is closed, e.g. EDITOR=nano")
	}
	return nil
}

// createEditFile writes initial to NAME in a private folder of its own under the repository's
// .casework/edit/ folder; cleanup removes both.
func createEditFile(repoRoot, name string, initial []byte) (path string, cleanup func(), err error) {
	editDir := filepath.Join(repoRoot, filepath.FromSlash(EditDir))
	if err := os.MkdirAll(editDir, 0o700); err != nil {
		return "", nil, fmt.Errorf("creating the folder for the file to edit: %w", err)
	}
	_ = os.Chmod(editDir, 0o700) // tighten a folder made before; the session folder is 0700 anyway
	session, err := os.MkdirTemp(editDir, "edit-")
	if err != nil {
		return "", nil, fmt.Errorf("creating the folder for the file to edit: %w", err)
	}
	cleanup = func() { os.RemoveAll(session) }
	path = filepath.Join(session, editFileName(name))
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		_, err = fh.Write(initial)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("writing the file to edit: %w", err)
	}
	return path, cleanup, nil
}

// rewriteEditFile replaces the file's content, keeping it 0600 even if the editor saved it
// as a new file with other permissions.
func rewriteEditFile(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("writing the file to edit: %w; nothing written", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("writing the file to edit: %w; nothing written", err)
	}
	return nil
}

// editFileName keeps a plain base name for the temporary file.
func editFileName(name string) string {
	name = filepath.Base(filepath.Clean("/" + name))
	if name == "/" || name == "." || name == "" {
		return "document.yaml"
	}
	return name
}

// errorHeader puts the errors, then the reopening note and the caller's instructions, above
// the document.
func errorHeader(errs []casefile.Problem, instructions, doc []byte) []byte {
	var b bytes.Buffer
	for _, p := range errs {
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s %s\n", errorPrefix, problemLine(p))
		} else {
			fmt.Fprintf(&b, "%s: %s\n", errorPrefix, problemLine(p))
		}
	}
	b.WriteString(reopenNote + "\n")
	for _, line := range strings.SplitAfter(string(instructions), "\n") {
		if line != "" && !strings.HasPrefix(line, errorPrefix) && strings.TrimSpace(line) != reopenNote {
			b.WriteString(line)
			if !strings.HasSuffix(line, "\n") {
				b.WriteString("\n")
			}
		}
	}
	b.Write(doc)
	return b.Bytes()
}

// problemLine is "line 12, column 3: MSG" on one line (a second line would not be stripped).
func problemLine(p casefile.Problem) string {
	msg := strings.Join(strings.Fields(p.Msg), " ")
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("line %d, column %d: %s", p.Line, p.Col, msg)
	case p.Line > 0:
		return fmt.Sprintf("line %d: %s", p.Line, msg)
	}
	return msg
}

// onlyComments: nothing but blank lines and comments is left.
func onlyComments(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}

// sameDocument ignores what editors add or drop at the ends (a final newline).
func sameDocument(a, b []byte) bool {
	return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
}

// stillInvalidError: the document was saved again, unchanged, with its errors.
type stillInvalidError struct{ problems []casefile.Problem }

func (e *stillInvalidError) Error() string {
	var b strings.Builder
	b.WriteString("the document was saved again with its errors unfixed; edit abandoned, nothing written:")
	for _, p := range e.problems {
		b.WriteString("\n  ")
		b.WriteString(problemLine(p))
	}
	return b.String()
}

func (e *stillInvalidError) Unwrap() error { return ErrEditAborted }
