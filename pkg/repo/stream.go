package repo

import (
	"runtime"
	"sync"

	"github.com/casework/casework/pkg/casefile"
)

// Workers is how many cases are read at once: reading and decoding YAML is CPU work, so one
// reader per core.
var Workers = max(1, min(runtime.GOMAXPROCS(0), 8))

// streamBatch is how many consecutive items a worker takes at once: handing items over one by
// one costs more in goroutine wake-ups than a small case costs to read.
const streamBatch = 8

// Stream computes work(0) … work(n-1) on Workers goroutines and hands the results to emit in
// order, one at a time, holding no more than a few batches of results at once. It stops at the
// first error of emit.
func Stream[T any](n int, work func(i int) T, emit func(T) error) error {
	workers := min(Workers, (n+streamBatch-1)/streamBatch)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			if err := emit(work(i)); err != nil {
				return err
			}
		}
		return nil
	}
	batches := (n + streamBatch - 1) / streamBatch
	// Each batch gets a one-slot channel; a bounded window of them is in flight.
	results := make([]chan []T, batches)
	for i := range results {
		results[i] = make(chan []T, 1)
	}
	slots := make(chan chan []T, 2*workers)
	jobs := make(chan int)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				lo, hi := b*streamBatch, min(n, (b+1)*streamBatch)
				out := make([]T, 0, hi-lo)
				for i := lo; i < hi; i++ {
					out = append(out, work(i))
				}
				results[b] <- out
			}
		}()
	}
	go func() {
		defer close(jobs)
		defer close(slots)
		for b := 0; b < batches; b++ {
			// The job first, then its slot: a slot the reader waits on always has its job.
			select {
			case jobs <- b:
			case <-done:
				return
			}
			select {
			case slots <- results[b]: // waits while the window is full
			case <-done:
				return
			}
		}
	}()
	var err error
	for ch := range slots {
		batch := <-ch
		for _, v := range batch {
			if err == nil {
				if err = emit(v); err != nil {
					close(done)
				}
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
