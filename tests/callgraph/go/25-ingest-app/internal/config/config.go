package config

import (
	"errors"
	"flag"
)

// Config is the ingest configuration.
type Config struct {
	Workers int
	Strict  bool
}

func validate(c Config) error {
	if c.Workers < 1 {
		return errors.New("workers must be at least 1")
	}
	return nil
}

// Load parses command-line flags.
func Load(args []string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.IntVar(&c.Workers, "workers", 2, "number of workers")
	fs.BoolVar(&c.Strict, "strict", false, "fail on the first bad line")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, validate(c)
}
