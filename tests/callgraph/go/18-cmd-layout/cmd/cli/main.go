package main

import (
	"fmt"
	"os"

	"example.com/cmd-layout/internal/app"
)

func usage() string {
	return "usage: cli [--verbose] NAME"
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", usage())
	}
	fmt.Println(app.Run(app.ParseArgs(args)))
	return nil
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
