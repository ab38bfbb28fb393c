package main

import (
	"fmt"

	"example.com/constructor-functions/internal/config"
	"example.com/constructor-functions/internal/server"
)

func main() {
	srv := server.NewServer(config.New(":8080"))
	fmt.Println(srv.Describe())
}
