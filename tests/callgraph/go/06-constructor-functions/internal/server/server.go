package server

import (
	"fmt"

	"example.com/constructor-functions/internal/config"
)

// Pool is a fixed set of workers.
type Pool struct {
	size int
}

// Server serves requests with a pool.
type Server struct {
	cfg  config.Config
	pool *Pool
}

// NewPool returns a pool of size workers.
func NewPool(size int) *Pool {
	return &Pool{size: size}
}

// NewServer builds a server and its pool.
func NewServer(cfg config.Config) *Server {
	return &Server{cfg: cfg, pool: NewPool(cfg.Workers)}
}

// Describe reports the server's settings.
func (s *Server) Describe() string {
	return fmt.Sprintf("%s with %d workers", s.cfg.Addr, s.pool.size)
}
