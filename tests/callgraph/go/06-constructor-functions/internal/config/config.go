package config

// Config holds the server settings.
type Config struct {
	Addr    string
	Workers int
}

// New returns the default configuration with addr.
func New(addr string) Config {
	return Config{Addr: addr, Workers: defaultWorkers()}
}

func defaultWorkers() int {
	return 4
}
