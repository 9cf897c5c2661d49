package ids

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// Crockford-ish alphabet, no padding. IDs are public (they appear in URLs).
var enc = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// Example IDs, used in docs and tests.
const (
	ExampleOrderID   = "ord_01HVK3Q8R4T6W9Y2B5D7F0G3J"
	ExampleInvoiceID = "inv_01HVK3QB6X1Z4C7E9G2J5M8P0"
	defaultTraceID   = "8c3dfea84e8ad0555185b0d7a16139f8"
	defaultSpanID    = "f774f6943074c5ce"
)

// New returns prefix + 26 random base32 characters.
func New(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + "_" + strings.ToUpper(enc.EncodeToString(b))
}
