package main

import "fmt"

func main() {
	entries := parseLog(sampleLog)
	fmt.Print(renderReport(summarize(entries)))
}
