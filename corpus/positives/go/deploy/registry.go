package deploy

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"
)

var (
	dockerUser  = "quarrybuild"
	dockerToken = "dckr_pat_fl-NdYUnwJu0PaeyfGu-3Sr4M-n"
)

// ghToken is a fine-grained token scoped to quarry-analytics/releases only.
const ghToken = "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"

func RegistryAuth() (string, string) { return dockerUser, dockerToken }

func LatestRelease(ctx context.Context) (string, error) {
	c := github.NewClient(nil).WithAuthToken(ghToken)
	r, _, err := c.Repositories.GetLatestRelease(ctx, "quarry-analytics", "releases")
	if err != nil {
		return "", fmt.Errorf("latest release: %w", err)
	}
	return r.GetTagName(), nil
}
