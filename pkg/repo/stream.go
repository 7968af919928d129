package repo

import (
	"runtime"
	"sync"

	"github.com/casework/casework/pkg/casefile"
)

// Workers is how many cases are read at once: reading and decoding YAML is CPU work, so one
// reader per core.
var Workers = max(1, min(runtime.GOMAXPROCS(0), 8))

// Stream computes work(0) … work(n-1) on Workers goroutines and hands the results to emit in
// order, one at a time, holding no more than a few results at once. It stops at the first error
// of emit.
func Stream[T any](n int, work func(i int) T, emit func(T) error) error {
	workers := min(Workers, n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			if err := emit(work(i)); err != nil {
				return err
			}
		}
		return nil
	}
	// Each index gets a one-slot channel, created in order; a bounded window of them is in flight.
	window := 4 * workers
	slots := make(chan chan T, window)
	jobs := make(chan int)
	done := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]chan T, n)
	for i := range results {
		results[i] = make(chan T, 1)
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] <- work(i)
			}
		}()
	}
	go func() {
		defer close(jobs)
		defer close(slots)
		for i := 0; i < n; i++ {
			// The job first, then its slot: a slot the reader waits on always has its job.
			select {
			case jobs <- i:
			case <-done:
				return
			}
			select {
			case slots <- results[i]: // waits while the window is full
			case <-done:
				return
			}
		}
	}()
	var err error
	for ch := range slots {
		v := <-ch
		if err == nil {
			if err = emit(v); err != nil {
				close(done)
			}
		}
	}
	wg.Wait()
	return err
}

// loaded is one case read by Each.
type loaded struct {
	c   *casefile.Case
	ps  []casefile.Problem
	err error
}

// Each reads the cases named, several at once, and hands each to fn in the order given, with
// its problems; a case is dropped once fn returns, so memory holds a few cases, not all.
func (r *Repo) Each(ids []string, o LoadOptions, fn func(*casefile.Case, []casefile.Problem) error) error {
	return Stream(len(ids), func(i int) loaded {
		c, ps, err := r.LoadCase(ids[i], o)
		return loaded{c, ps, err}
	}, func(l loaded) error {
		if l.err != nil {
			return l.err
		}
		return fn(l.c, l.ps)
	})
}
