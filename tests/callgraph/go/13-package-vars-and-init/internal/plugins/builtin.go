package plugins

// Default is filled by this package's init functions.
var Default = NewRegistry()

var builtinNames = defaultNames()

func defaultNames() []string {
	return []string{"gzip", "json"}
}

func init() {
	for _, name := range builtinNames {
		Default.RegisterPlugin(name, "builtin "+name)
	}
}
