package repo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/safeio"
)

// PurgedDir holds what stays of each purged case: purged/ID.yaml, a record with no identifying
// data, outside the case folder that was erased.
const PurgedDir = "purged"

// PurgedPath is the slash path of a purged case's record.
func PurgedPath(id string) string { return PurgedDir + "/" + id + ".yaml" }

// PurgedError says a case was purged: its files are gone, its record remains.
type PurgedError struct{ ID string }

func (e *PurgedError) Error() string {
	return fmt.Sprintf("case %s was purged: its records were erased; casework show %s shows the purge record", e.ID, e.ID)
}

// PurgedIDs lists the ids of purged cases, sorted.
func (r *Repo) PurgedIDs() ([]string, error) {
	ents, err := os.ReadDir(r.Abs(PurgedDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range ents {
		if id, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && e.Type().IsRegular() && IsID(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// resolvePurged turns a "no case matches" into "that case was purged" when a purge record
// matches what was typed.
func (r *Repo) resolvePurged(prefix string, notFound error) error {
	ids, err := r.PurgedIDs()
	if err != nil || len(ids) == 0 {
		return notFound
	}
	id, err := Match(ids, prefix)
	if err != nil {
		return notFound
	}
	return &PurgedError{ID: id}
}

// ResolvePurged finds the purged case typed (any unique start of its id).
func (r *Repo) ResolvePurged(prefix string) (string, error) {
	ids, err := r.PurgedIDs()
	if err != nil {
		return "", err
	}
	return Match(ids, prefix)
}

// WritePurgeRecord writes a purged case's record, refusing to replace one.
func (r *Repo) WritePurgeRecord(id string, data []byte) (string, error) {
	rel := PurgedPath(id)
	if err := r.NoLinks(rel); err != nil {
		return "", fmt.Errorf("nothing was written: %w", err)
	}
	if err := safeio.MkdirAll(r.Abs(PurgedDir)); err != nil {
		return "", err
	}
	if err := safeio.WriteNew(r.Abs(rel), data); err != nil {
		return "", err
	}
	return rel, nil
}

// RemoveCase erases a case folder: it is first renamed aside to a hidden folder, so that the
// case disappears whole in one step (no command reads hidden folders), then deleted. An
// interruption leaves at most the hidden folder, which check names as a leftover.
func (r *Repo) RemoveCase(id string) error {
	if !IsID(id) {
		return fmt.Errorf("invalid case id %q", id)
	}
	if err := r.NoLinks(CaseDir(id)); err != nil {
		return err
	}
	aside := filepath.Join(r.Abs(CasesDir), ".tmp-purge-"+id)
	if err := os.RemoveAll(aside); err != nil { // a leftover of an earlier interrupted purge
		return err
	}
	if err := os.Rename(r.Abs(CaseDir(id)), aside); err != nil {
		return err
	}
	if err := syncDir(r.Abs(CasesDir)); err != nil {
		return err
	}
	return os.RemoveAll(aside)
}

// PurgeRecord reads a purged case's record.
func (r *Repo) PurgeRecord(id string, rules casefile.Rules) (*casefile.PurgeRecord, []casefile.Problem, error) {
	rel := PurgedPath(id)
	data, err := r.ReadFile(rel)
	if err != nil {
		return nil, nil, err
	}
	v, _, ps := casefile.Decode(rel, casefile.KindPurgeRecord, data, rules)
	rec, _ := v.(*casefile.PurgeRecord)
	if rec != nil && rec.CaseID != id {
		ps = append(ps, casefile.Problem{Path: rel, Msg: fmt.Sprintf("case_id %q is not the file's name: a purge record is named after its case", rec.CaseID)})
		rec = nil
	}
	return rec, ps, nil
}
