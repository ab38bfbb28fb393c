package paths

import (
	"path/filepath"
	"strings"
)

// Join joins URL path segments with single slashes.
func Join(parts ...string) string {
	cleaned := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.Trim(p, "/"); p != "" {
			cleaned = append(cleaned, p)
		}
	}
	return "/" + strings.Join(cleaned, "/")
}

// Contains reports whether path lies under root.
func Contains(root, path string) bool {
	return strings.HasPrefix(Join(path), Join(root)+"/")
}

// Local converts a URL path to a file path under dir.
func Local(dir, urlPath string) string {
	return filepath.Join(dir, filepath.FromSlash(Join(urlPath)))
}
