package safeio

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// ErrLocked is returned (wrapped in a *LockedError) when another process
// holds the lock past the timeout.
var ErrLocked = errors.New("repository is locked")

// LockedError says who holds the lock, as far as the lock file tells.
type LockedError struct {
	Path   string // lock file
	Holder string // holder line from the lock file, "" if unknown
}

func (e *LockedError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "an unknown process"
	}
	return fmt.Sprintf("repository is locked by %s (lock file %s)", holder, e.Path)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// retryDelay is how often Acquire polls a held lock.
const retryDelay = 25 * time.Millisecond

// Lock is the exclusive lock of one repository, held by one mutating command
// at a time. It is an advisory flock(2), so the kernel drops it when the
// holder dies, however it dies: no stale locks to clean up.
type Lock struct {
	fl *flock.Flock
}

// Acquire takes an exclusive lock on path, creating it (and its folder) if
// missing, retrying until timeout; timeout 0 tries once. holder describes
// the caller (e.g. the command line) for the error other processes see.
// The lock file is never deleted: deleting it would let a second process
// lock a new file while the first still holds the old one.
func Acquire(path string, holder string, timeout time.Duration) (*Lock, error) {
	if err := MkdirAll(filepath.Dir(path)); err != nil {
		return nil, err
	}
	fl := flock.New(path, flock.SetPermissions(FilePerm))
	deadline := time.Now().Add(timeout)
	for {
		ok, err := fl.TryLock()
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			break
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			return nil, &LockedError{Path: path, Holder: readHolder(path)}
		}
		time.Sleep(min(wait, retryDelay))
	}
	if err := writeHolder(path, holder); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{fl: fl}, nil
}

// Release clears the holder line and unlocks. Releasing twice is harmless.
func (l *Lock) Release() error {
	if !l.fl.Locked() {
		return nil
	}
	// Cleared while still locked, so a stale line never names a past holder.
	err := os.Truncate(l.fl.Path(), 0)
	return errors.Join(err, l.fl.Unlock())
}

// writeHolder records who holds the lock. It goes through a second file
// descriptor because flock keeps its own private.
func writeHolder(path, holder string) error {
	host, _ := os.Hostname()
	line := fmt.Sprintf("pid %d on %s: %s since %s\n", os.Getpid(), host,
		strings.Join(strings.Fields(holder), " "), time.Now().Format(time.RFC3339))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(line)
	return errors.Join(err, f.Close())
}

// readHolder returns the holder line, or "" if there is none (yet).
func readHolder(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(line)
}
