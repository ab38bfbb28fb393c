package main

import (
	"fmt"
	"os"

	"example.com/same-name-packages/internal/importer"
	"example.com/same-name-packages/internal/jsonfmt"
)

func parse(args []string) bool {
	for _, a := range args {
		if a == "-v" {
			return true
		}
	}
	return false
}

func main() {
	verbose := parse(os.Args[1:])
	rows := importer.LoadCSV("name,qty\npen,2")
	rows = append(rows, importer.LoadJSON(`{"rows": [["mug", "3"]]}`)...)
	if verbose {
		fmt.Println(jsonfmt.Dump(rows))
	}
	fmt.Println(len(rows))
}
