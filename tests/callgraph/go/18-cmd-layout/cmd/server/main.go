package main

import (
	"fmt"
	"os"

	"example.com/cmd-layout/internal/app"
)

func run(args []string) int {
	fmt.Println("server:", app.Run(app.ParseArgs(args)))
	return 0
}

func main() {
	os.Exit(run(os.Args[1:]))
}
