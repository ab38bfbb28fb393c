module example.com/ingest-app

go 1.21
