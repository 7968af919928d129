package cmdutil

import (
	"fmt"
	"time"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/caseload"
	"github.com/casework/casework/pkg/dates"
	"github.com/casework/casework/pkg/repo"
	"github.com/casework/casework/pkg/safeio"
)

// CaseWrite is a case opened for writing: the practitioner known, the case loaded, the
// repository locked and the case read again under the lock (another writer may have changed it
// in between). Release the lock when done.
type CaseWrite struct {
	Repo   *repo.Repo
	Case   *casefile.Case
	State  caseload.State
	Worker casefile.Worker
	Rules  casefile.Rules
	Now    time.Time
	lock   *safeio.Lock
}

// OpenCase opens the case typed (any unique part of its id) for a command that writes to it;
// what names the command for other writers' "locked by" messages.
func (f *Factory) OpenCase(typed, what string) (*CaseWrite, error) {
	rules, err := f.Rules()
	if err != nil {
		return nil, err
	}
	worker, err := f.Worker()
	if err != nil {
		return nil, err
	}
	clock, err := f.Clock()
	if err != nil {
		return nil, err
	}
	r, c, err := f.LoadCase(typed)
	if err != nil {
		return nil, err
	}
	lock, err := f.Lock(r, what+" "+c.ID)
	if err != nil {
		return nil, err
	}
	if r, c, err = f.LoadCase(c.ID); err != nil {
		lock.Release()
		return nil, err
	}
	if err := RequireKey(c); err != nil {
		lock.Release()
		return nil, err
	}
	return &CaseWrite{Repo: r, Case: c, State: caseload.Derive(c, dates.Date{}), Worker: worker, Rules: rules,
		Now: clock.Now(), lock: lock}, nil
}

// Release lets other writers in.
func (w *CaseWrite) Release() { w.lock.Release() }

// Entry is the authorship of a new entry: written now (after the case's latest entry, so entries
// of one day keep their order) by the practitioner.
func (w *CaseWrite) Entry() casefile.Entry {
	return casefile.Entry{RecordedAt: caseload.NextRecordedAt(w.Case, w.Now), RecordedBy: w.Worker.ID}
}

// RequireOpen refuses a case the agency no longer works: what says what would have been
// recorded ("an assessment").
func (w *CaseWrite) RequireOpen(what string) error {
	if caseload.IsOpen(w.State.Status) {
		return nil
	}
	id := w.Case.ID
	err := fmt.Errorf("case %s is %s; %s is recorded on an open case; nothing was written", id, w.State.Status, what)
	if w.State.Status == caseload.Closed {
		return WithHint(err, "if the person is back, reopen the case first: casework reopen %s --reason TEXT", id)
	}
	return WithHint(err, "casework show %s shows its history", id)
}
