package plugins

import "sort"

// Registry maps plugin names to descriptions.
type Registry struct {
	entries map[string]string
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{entries: map[string]string{}}
}

// RegisterPlugin adds a plugin.
func (r *Registry) RegisterPlugin(name, description string) {
	r.entries[name] = description
}

// PluginNames lists the registered plugins in order.
func (r *Registry) PluginNames() []string {
	names := make([]string, 0, len(r.entries))
	for name := range r.entries {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
