package main

import (
	"fmt"
	"strings"

	"example.com/handler-map/internal/commands"
)

func main() {
	for _, line := range []string{"echo hi there", "upper loud", "nope"} {
		fields := strings.Fields(line)
		fmt.Println(commands.Run(fields[0], fields[1:]))
	}
	if h := commands.Lookup("echo"); h != nil {
		fmt.Println(h([]string{"direct"}))
	}
}
