package main

import (
	"fmt"

	grpcclient "example.com/import-alias/internal/grpc/client"
	httpclient "example.com/import-alias/internal/http/client"
)

func main() {
	h := httpclient.New("https://api.example.test/")
	g := grpcclient.New("api.example.test:443")
	fmt.Println(httpclient.Do(h, "/users"))
	fmt.Println(grpcclient.Do(g, "Users/List"))
}
