# The control plane: platform-api and portal on ECS Fargate behind one TLS application load balancer,
# PostgreSQL on RDS, secrets in Secrets Manager. Files: network.tf, security.tf, database.tf, secrets.tf,
# load_balancer.tf, services.tf, dns.tf.

data "aws_region" "current" {}

locals {
  tags = merge(var.tags, {
    Project   = "cdn-platform"
    Component = "control-plane"
    ManagedBy = "terraform"
  })

  api_url    = "https://${var.api_domain}"
  portal_url = "https://${var.portal_domain}"

  api_port    = 8080
  portal_port = 8081
  db_port     = 5432
  db_name     = "cdn"
  db_user     = "cdn"
}
