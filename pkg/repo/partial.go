package repo

import (
	"reflect"

	"github.com/casework/casework/pkg/casefile"
)

// StatusParts are the parts of a case folder that say what its status is, as of any date: the
// intake and the decisions, closures and reopenings. A case they say is not open can be
// listed or counted without reading its notes, plan or registry.
func StatusParts(name string) bool {
	switch name {
	case "intake.yaml", "decisions", "closures", "reopenings":
		return true
	}
	return false
}

// Not is the parts a predicate leaves out.
func Not(only func(string) bool) func(string) bool {
	return func(name string) bool { return !only(name) }
}

// Either is the parts of both predicates.
func Either(a, b func(string) bool) func(string) bool {
	return func(name string) bool { return a(name) || b(name) }
}

// Parts names parts by name.
func Parts(names ...string) func(string) bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return func(name string) bool { return set[name] }
}

// Merge adds to c what rest read of the same case folder (other parts of it): every entry list
// is appended to (keeping file-name order within each folder, as LoadCase gives it), every file
// read is set. It goes by reflection so that a kind of entry added to casefile.Case is merged too.
func Merge(c, rest *casefile.Case) {
	dst, src := reflect.ValueOf(c).Elem(), reflect.ValueOf(rest).Elem()
	for i := 0; i < dst.NumField(); i++ {
		d, s := dst.Field(i), src.Field(i)
		if !d.CanSet() {
			continue
		}
		switch s.Kind() {
		case reflect.Slice:
			if s.Len() > 0 {
				d.Set(reflect.AppendSlice(d, s))
			}
		case reflect.Pointer:
			if !s.IsNil() {
				d.Set(s)
			}
		case reflect.Bool:
			if s.Bool() { // a flag such as PeopleLocked, set by the part that read it
				d.SetBool(true)
			}
		case reflect.Map:
			if s.Len() == 0 {
				continue
			}
			if d.IsNil() {
				d.Set(reflect.MakeMap(s.Type()))
			}
			for it := s.MapRange(); it.Next(); {
				d.SetMapIndex(it.Key(), it.Value())
			}
		}
	}
}
