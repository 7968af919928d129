// Command casework is a command-line toolkit and plain-file case repository for social workers.
package main

import (
	"os"

	"github.com/casework/casework/pkg/cli"
)

func main() { os.Exit(cli.Main()) }
