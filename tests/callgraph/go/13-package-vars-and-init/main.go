package main

import (
	"fmt"
	"strings"

	"example.com/package-vars-and-init/internal/plugins"
)

var banner = makeBanner("plugins")

func makeBanner(title string) string {
	return strings.ToUpper(title) + ":"
}

func init() {
	plugins.Default.RegisterPlugin("yaml", "added by main")
}

func main() {
	fmt.Println(banner, plugins.Default.PluginNames())
}
