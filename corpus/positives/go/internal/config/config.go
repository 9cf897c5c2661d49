package config

import (
	"os"
	"strconv"
)

// Config holds runtime settings for the droplet autoscaler.
type Config struct {
	DSN         string
	DOToken     string
	MinDroplets int
	MaxDroplets int
}

const defaultDSN = "postgres://autoscaler:VcgMfMJpNS8lsCqF9cdi@10.110.0.4:5432/autoscaler?sslmode=disable"

// fallback for local runs; prod reads DO_TOKEN
var defaultDOToken = "dop_v1_ccfe2d285e109ee0987f0df52b78c067a74b0f15c85ffe3ae33f8753c35cfd7a"

func Load() Config {
	c := Config{DSN: defaultDSN, DOToken: defaultDOToken, MinDroplets: 2, MaxDroplets: 10}
	if v := os.Getenv("DATABASE_URL"); v != "" {
		c.DSN = v
	}
	if v := os.Getenv("DO_TOKEN"); v != "" {
		c.DOToken = v
	}
	if v, err := strconv.Atoi(os.Getenv("MAX_DROPLETS")); err == nil {
		c.MaxDroplets = v
	}
	return c
}
