package main

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/sendgrid/sendgrid-go"
	"github.com/sendgrid/sendgrid-go/helpers/mail"
)

const (
	slackWebhook = "https://hooks.slack.com/services/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"
	sendgridKey  = "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"
)

func postSlack(text string) error {
	body, _ := json.Marshal(map[string]string{"text": text})
	c := &http.Client{Timeout: 5 * time.Second}
	_, err := c.Post(slackWebhook, "application/json", bytes.NewReader(body))
	return err
}

func sendMail(to, subject, text string) error {
	from := mail.NewEmail("Ops", "ops@quarry-analytics.io")
	m := mail.NewSingleEmail(from, subject, mail.NewEmail("", to), text, "")
	_, err := sendgrid.NewSendClient(sendgridKey).Send(m)
	return err
}

func main() {
	host, _ := os.Hostname()
	if err := postSlack("notifier started on " + host); err != nil {
		log.Printf("slack: %v", err)
	}
	if err := sendMail("oncall@quarry-analytics.io", "notifier up", host); err != nil {
		log.Fatal(err)
	}
}
