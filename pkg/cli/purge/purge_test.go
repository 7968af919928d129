package purge_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/cli"
	"github.com/casework/casework/pkg/cli/cmdtest"
	"github.com/casework/casework/pkg/cli/purge"
	"github.com/casework/casework/pkg/repo"
)

// fakeCrypto stands for encryption at rest: the case's key is destroyed by Shred.
type fakeCrypto struct {
	fail     error
	shredded []string
}

func (c *fakeCrypto) Encrypted(*repo.Repo, string) bool { return true }
func (c *fakeCrypto) Ready(*repo.Repo, string) error    { return nil }
func (c *fakeCrypto) Shred(_ *repo.Repo, id string) error {
	if c.fail != nil {
		return c.fail
	}
	c.shredded = append(c.shredded, id)
	return nil
}

func run(t *testing.T, e *cmdtest.Env, args ...string) (string, string, int) {
	t.Helper()
	e.Out.Reset()
	e.ErrOut.Reset()
	code := cli.Run(e.F, args)
	return e.Out.String(), e.ErrOut.String(), code
}

// dueCase opens a case in 2015 and closes it then: under the default policy (10 years after
// closure) it is due by 2026-11-23.
func dueCase(t *testing.T, e *cmdtest.Env) string {
	t.Helper()
	out, errOut, code := run(t, e, "open", "--client", "Canary Person", "--source", "self", "--engagement", "voluntary",
		"--request", "Advice", "--priority", "routine", "--area", "north", "--decision", "accept", "--received", "2015-01-05")
	if code != 0 {
		t.Fatalf("open: %s", errOut)
	}
	id := strings.TrimSpace(out)
	if _, errOut, code := run(t, e, "close", id, "--reason", "goals_achieved", "--summary", "Done", "--date", "2015-06-01"); code != 0 {
		t.Fatalf("close: %s", errOut)
	}
	return id
}

// With encryption, purge is crypto-shredding: the key goes with the files, the record says so,
// and nothing warns about git history, whose copies can no longer be read.
func TestPurgeShredsUnderEncryption(t *testing.T) {
	e := cmdtest.New(t, "")
	id := dueCase(t, e)
	c := &fakeCrypto{fail: errors.New("key store unreachable")}
	purge.Crypto = c
	t.Cleanup(func() { purge.Crypto = nil })

	out, _, code := run(t, e, "purge", id)
	if code != 0 || !strings.Contains(out, "  method: crypto_shred\n") || !strings.Contains(out, "  git_history: keys_destroyed\n") {
		t.Fatalf("dry run (%d):\n%s", code, out)
	}
	if len(c.shredded) != 0 {
		t.Fatal("a dry run destroyed a key")
	}

	// The key store fails: the record is written, the case is still whole, and the error says
	// to run the same purge again.
	_, errOut, code := run(t, e, "purge", id, "--confirm", id)
	if code != 1 || !strings.Contains(errOut, "could not be destroyed: key store unreachable; run the same purge again") {
		t.Fatalf("failing shred (%d): %s", code, errOut)
	}
	if _, err := os.Stat(e.Repo.Abs(repo.CaseDir(id) + "/people.yaml")); err != nil {
		t.Fatalf("the case is not whole after a failed shred: %v", err)
	}

	c.fail = nil
	_, errOut, code = run(t, e, "purge", id, "--confirm", id)
	if code != 0 || !strings.Contains(errOut, "is already written (an interrupted purge): finishing it") ||
		!strings.Contains(errOut, "files erased (crypto_shred)") || strings.Contains(errOut, "not encrypted") {
		t.Fatalf("purge (%d): %s", code, errOut)
	}
	if len(c.shredded) != 1 || c.shredded[0] != id {
		t.Errorf("shredded %v, want [%s]", c.shredded, id)
	}
	if _, err := os.Stat(e.Repo.Abs(repo.CaseDir(id))); !os.IsNotExist(err) {
		t.Errorf("the case folder is still there: %v", err)
	}
	rec, ps, err := e.Repo.PurgeRecord(id, casefile.Rules{})
	if err != nil || rec == nil || len(ps) > 0 {
		t.Fatalf("record: %v %v", err, ps)
	}
	if rec.Method != "crypto_shred" || rec.GitHistory != "keys_destroyed" || rec.Reason != "retention_expired" || rec.Files != 3 {
		t.Errorf("record: %+v", rec)
	}
	data, _ := os.ReadFile(e.Repo.Abs(repo.PurgedPath(id)))
	if strings.Contains(strings.ToLower(string(data)), "canary") {
		t.Errorf("the record names the client:\n%s", data)
	}
}

func TestPurgeFlags(t *testing.T) {
	e := cmdtest.New(t, "")
	var got *purge.Options
	cmd := purge.NewCmd(e.F, func(o *purge.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"2015-01", "--confirm", "2015-01-05-k7f3m"})
	if err := cmd.Execute(); err != nil || got.Case != "2015-01" || got.Confirm != "2015-01-05-k7f3m" {
		t.Fatalf("options %+v, %v", got, err)
	}
	if _, errOut, code := run(t, e, "purge"); code != 2 || !strings.Contains(errOut, "needs one CASE") {
		t.Errorf("no case: %d %s", code, errOut)
	}
}
