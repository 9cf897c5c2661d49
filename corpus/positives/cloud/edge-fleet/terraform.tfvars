# edge-fleet: small VMs on several cheaper providers
project     = "edge-fleet"
environment = "prod"
node_count  = 3

linode_token   = "5793556f2972a548c88a84edbfa0ba3df4c5aca02b059479ee9e5dd334d8218d"
vultr_api_key  = "GS2UMCHJIV3OTF5T6EPJXV1KMQ0VY8S1X3TY"
hcloud_token   = "D1L8nUD8iv5q45KpY9VbBQfnRRcC4UBv6ZynvnmeaUb0VaWPeil4K8a2EUizpNJt"

scw_access_key = "SCW8CSRG2EEW8KFHS2W4"
scw_secret_key = "abcf2a04-d813-c9d0-10e8-b4b6bb492263"
scw_project_id = "ed2b73e7-d168-6e01-326e-b8349376979f"

ssh_allowed_cidrs = ["203.0.113.0/24"]
