package main

import (
	"fmt"
	"strings"

	"example.com/shadowing/internal/render"
)

func parse(line string) []string {
	return strings.Split(line, ",")
}

func report(line string) string {
	parse := func(s string) []string { return strings.Fields(s) }
	return render.Title(strings.Join(parse(line), " "))
}

func main() {
	items := parse("apples,pears")
	fmt.Println(render.Bullets(items))
	fmt.Println(render.Lines(items, strings.ToUpper))
	fmt.Println(report("hello shadowed world"))
}
