package main

import (
	"fmt"
	"os"

	"example.com/subpackage-import/internal/clock"
	"example.com/subpackage-import/internal/greet"
)

func main() {
	name := ""
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	fmt.Println(greet.Hello(name))
	fmt.Println(clock.Now().Format("2006-01-02"))
}
