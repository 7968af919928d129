// Command floor is the decode-only baseline of the benchmarks: it reads and YAML-decodes (into a
// yaml.Node, nothing more: no schema check, no struct decoding, no derivation, no output) exactly
// the files a casework command needs, one after the other in one goroutine, so that a command's
// time and memory can be set beside the least any implementation reading those files must pay.
//
//	floor -repo DIR review          every file of open cases; the status entries of the others
//	floor -repo DIR list            people.yaml and the status entries of every case
//	floor -repo DIR check           every file: config, partner directory, instruments, cases
//	floor -repo DIR case ID         every file of one case, the config and the partner directory
//	floor -repo DIR ls ID...        one directory listing per case named (read from -ids FILE)
//	floor -repo DIR none            nothing: the cost of starting a process
//
// The status entries are intake.yaml and the decisions/, closures/ and reopenings/ folders: what
// says whether a case is open. A case is taken as closed when it has more closures than
// reopenings (or was redirected or not accepted at screening: the generator writes no such case).
// It prints "files bytes" on stdout.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	root  string
	files int
	bytes int64
)

// decode reads one file and parses it into a YAML tree.
func decode(p string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	files++
	bytes += int64(len(data))
	return nil
}

// decodeDir decodes the .yaml files of a folder; a missing folder is empty.
func decodeDir(dir string) (int, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		if err := decode(filepath.Join(dir, e.Name())); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func caseIDs() ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(root, "cases"))
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			ids = append(ids, e.Name())
		}
	}
	sort.Strings(ids)
	return ids, nil
}

var statusDirs = []string{"decisions", "closures", "reopenings"}

// status decodes a case's status entries and reports whether it is open. It lists the case
// folder once, as any reader must to find the folders it holds.
func status(dir string) (open bool, ents []os.DirEntry, err error) {
	ents, err = os.ReadDir(dir)
	if err != nil {
		return false, nil, err
	}
	if err := decode(filepath.Join(dir, "intake.yaml")); err != nil {
		return false, nil, err
	}
	counts := map[string]int{}
	for _, e := range ents {
		for _, s := range statusDirs {
			if e.IsDir() && e.Name() == s {
				n, err := decodeDir(filepath.Join(dir, s))
				if err != nil {
					return false, nil, err
				}
				counts[s] = n
			}
		}
	}
	return counts["closures"] <= counts["reopenings"], ents, nil
}

// decodeRest decodes every file of a case folder that status did not.
func decodeRest(dir string, ents []os.DirEntry) error {
	for _, e := range ents {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, "."), name == "intake.yaml":
		case e.IsDir():
			if isStatus(name) {
				continue
			}
			if _, err := decodeDir(filepath.Join(dir, name)); err != nil {
				return err
			}
		case strings.HasSuffix(name, ".yaml"):
			if err := decode(filepath.Join(dir, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

func isStatus(name string) bool {
	for _, s := range statusDirs {
		if s == name {
			return true
		}
	}
	return false
}

func run(mode string, args []string) error {
	if mode == "none" {
		return nil
	}
	if mode == "ls" {
		for _, id := range args {
			if _, err := os.ReadDir(filepath.Join(root, "cases", id)); err != nil {
				return err
			}
			files++
		}
		return nil
	}
	// Every command reads the configuration.
	if err := decode(filepath.Join(root, "casework.yaml")); err != nil {
		return err
	}
	switch mode {
	case "review", "list":
		ids, err := caseIDs()
		if err != nil {
			return err
		}
		for _, id := range ids {
			dir := filepath.Join(root, "cases", id)
			open, ents, err := status(dir)
			if err != nil {
				return err
			}
			switch {
			case mode == "list":
				if err := decode(filepath.Join(dir, "people.yaml")); err != nil {
					return err
				}
			case open:
				if err := decodeRest(dir, ents); err != nil {
					return err
				}
			}
		}
	case "check":
		for _, d := range []string{"agencies", "instruments"} {
			if _, err := decodeDir(filepath.Join(root, d)); err != nil {
				return err
			}
		}
		return filepath.WalkDir(filepath.Join(root, "cases"), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".yaml") && !strings.HasPrefix(d.Name(), ".") {
				return decode(p)
			}
			return nil
		})
	case "case":
		if len(args) != 1 {
			return errors.New("case takes one case id")
		}
		if _, err := decodeDir(filepath.Join(root, "agencies")); err != nil {
			return err
		}
		dir := filepath.Join(root, "cases", args[0])
		ents, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		if err := decode(filepath.Join(dir, "intake.yaml")); err != nil {
			return err
		}
		for _, s := range statusDirs {
			if _, err := decodeDir(filepath.Join(dir, s)); err != nil {
				return err
			}
		}
		return decodeRest(dir, ents)
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	return nil
}

func main() {
	flag.StringVar(&root, "repo", ".", "the case repository")
	ids := flag.String("ids", "", "for ls: a file of case ids, one a line")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: floor -repo DIR review|list|check|case ID|ls [-ids FILE] [ID...]|none")
		os.Exit(2)
	}
	args := flag.Args()[1:]
	if *ids != "" {
		f, err := os.Open(*ids)
		if err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if s := strings.TrimSpace(sc.Text()); s != "" {
				args = append(args, s)
			}
		}
		f.Close()
	}
	if err := run(flag.Arg(0), args); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Println(files, bytes)
}
