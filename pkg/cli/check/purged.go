package check

import (
	"fmt"
	"os"
	"strings"

	"github.com/casework/casework/pkg/casefile"
	"github.com/casework/casework/pkg/repo"
)

// purgeProblems checks the records of purged cases, and finds a purge that was interrupted after
// its record was written (the case folder is still there).
func purgeProblems(r *repo.Repo, rules casefile.Rules, caseIDs map[string]bool) ([]casefile.Problem, error) {
	ids, err := r.PurgedIDs()
	if err != nil {
		return nil, err
	}
	var ps []casefile.Problem
	ents, _ := os.ReadDir(r.Abs(repo.PurgedDir))
	for _, e := range ents {
		id, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !strings.HasPrefix(e.Name(), ".") && (!ok || !repo.IsID(id) || !e.Type().IsRegular()) {
			ps = append(ps, casefile.Problem{Path: repo.PurgedDir + "/" + e.Name(), Warning: true,
				Msg: "not a purge record: purged/ holds one CASE-ID.yaml per purged case, written by casework purge"})
		}
	}
	for _, id := range ids {
		_, rps, err := r.PurgeRecord(id, rules)
		if err != nil {
			ps = append(ps, casefile.Problem{Path: repo.PurgedPath(id), Msg: err.Error()})
			continue
		}
		ps = append(ps, rps...)
		if caseIDs[id] {
			ps = append(ps, casefile.Problem{Path: repo.CaseDir(id),
				Msg: fmt.Sprintf("the purge of this case was interrupted: its record %s is written but its files are still here; finish it with casework purge %s --confirm %s", repo.PurgedPath(id), id, id)})
		}
	}
	return ps, nil
}

// addPurged adds the ids of purged cases to ids.
func addPurged(r *repo.Repo, ids map[string]bool) error {
	purged, err := r.PurgedIDs()
	for _, id := range purged {
		ids[id] = true
	}
	return err
}
