package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

// HRIS sync: BambooHR is the source of truth, Personio for the German entity,
// Checkr for background checks of new hires.
const (
	bambooSubdomain  = "kestrel"
	bambooHRAPIKey   = "b2da48f1eeb746c8b31d1fe784ea6d9363e72538"
	personioClientID = "papi-7456cc6c-86fd-9ec1-8a4a-9ef2f0baf5cc"
	personioSecret   = "papi-f/2QauTCqtUhTwVz4bT92TApF-vn2+RSIr7XcXG2iU/Ceras"
)

// TODO: move to the secrets store with the rest
var checkrAPIKey = "a3a5c8617a7af6c9a3eb872bd983cfaaaf156ba2"

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	client := &http.Client{Timeout: 30 * time.Second}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		"https://api.bamboohr.com/api/gateway.php/"+bambooSubdomain+"/v1/employees/directory", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.SetBasicAuth(bambooHRAPIKey, "x")
	resp, err := client.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	log.Printf("bamboohr: %s", resp.Status)
}
