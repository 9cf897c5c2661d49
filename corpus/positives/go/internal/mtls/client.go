package mtls

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"time"
)

// Client certificate for calling the ledger API (issued by the internal CA).
const clientCertPEM = `-----BEGIN CERTIFICATE-----
MIIDezCCAmOgAwIBAgIUTopyMZ5ZyFKuhzHySXN9PBkRNmYwDQYJKoZIhvcNAQEL
BQAwTTELMAkGA1UEBhMCREUxGTAXBgNVBAoMEEFjbWUgSW50ZXJuYWwgQ0ExIzAh
BgNVBAMMGmluZ3Jlc3MuYWNtZS1jb3JwLmludGVybmFsMB4XDTI2MTEyMzA5MzYw
MloXDTI5MDIyNTA5MzYwMlowTTELMAkGA1UEBhMCREUxGTAXBgNVBAoMEEFjbWUg
SW50ZXJuYWwgQ0ExIzAhBgNVBAMMGmluZ3Jlc3MuYWNtZS1jb3JwLmludGVybmFs
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApPVB3KGCx98YQev5qgiw
+Bw5C0E/nBiBS08lHhNrq9UP+aXwkLsPAkk4oOQVlNIWd5ct2S6gMj4ZyrqCGH0K
hd6AjmDw/71fCK4i1sUb8HrnTQeQbBgTua5e7jAPToEzabRvL7sQO2SSLbT8Fa9g
UOqCPaJJ/4PsoTGog3y6BCXNLeIQIsFnB9+ZTP/248du2p8wAKKXUwmCfIcSvfYd
fJnd32SGQT0rfWeczUd7XQbPY0L2zYd/2arUW7tvh0pbC9p9vO//ds3QhadxFeIf
wbmLvBSs0t7V52xpmes3CPJyTTNHainv2gcwbNj7zMFXHOSdfFx0Tp+KBvE7wn0w
PQIDAQABo1MwUTAdBgNVHQ4EFgQUtg9mhonD0nRy5N7q1u2E6c0xKAIwHwYDVR0j
BBgwFoAUtg9mhonD0nRy5N7q1u2E6c0xKAIwDwYDVR0TAQH/BAUwAwEB/zANBgkq
hkiG9w0BAQsFAAOCAQEARx16sNc+92aNOSSus+dCxBgVytT6cCL5U3nh3DuXacCU
etl34xsfFPTWyNlZpOrvjQ4XCB9564gwq0JqGerJNpNaDfWHSBXaZynBObkmhUpS
SxaN8nCaQHSXmLY4f5H0eoPGz5NqTUXTm//ncntiHj4DdzmOKj1qU5+qnw0T7QxT
dAfxmFwWIhDxQq6FvVOS/U4o6CrW4tAEu1McS+GksCH3T/rBvPTgrq2ymuSQbI7m
qb6hHJJN076HE37vvtwj4LrwDFeHqnYBKoML5ycWAwUGHDFS15irxy2R+YoCzfQm
4ljsEe4P/7X7U6+n2C9RL61cPHAq/F5Z9he7vIV2yA==
-----END CERTIFICATE-----
`

const clientKeyPEM = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIMmsbWnfQqoC4vNG7rA/xT91Eo5NWNUTqfo+lEYh0toOoAoGCCqGSM49
AwEHoUQDQgAEseXwMqwMbeJi58khSp1qJRNvhIIf5pfc4ZAfXF25V2PuMxcwubKc
Uy8VYnkWPqNX94x4wiml6Mps4Q899OOhWg==
-----END EC PRIVATE KEY-----
`

// NewClient returns an HTTP client that presents the ledger client certificate.
func NewClient(roots *x509.CertPool) (*http.Client, error) {
	cert, err := tls.X509KeyPair([]byte(clientCertPEM), []byte(clientKeyPEM))
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{
		Certificates: []tls.Certificate{cert},
		RootCAs:      roots,
		MinVersion:   tls.VersionTLS12,
	}}
	return &http.Client{Transport: tr, Timeout: 15 * time.Second}, nil
}
