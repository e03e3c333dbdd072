# No output carries a secret value: secrets are named by ARN only.

output "api_url" {
  description = "Public URL of platform-api (edges' --control-plane, the portal's CDN_API_BASE_URL)."
  value       = local.api_url
}

output "portal_url" {
  description = "Public URL of the web portal."
  value       = local.portal_url
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer (point api_domain and portal_domain here when route53_zone_id is null)."
  value       = aws_lb.this.dns_name
}

output "load_balancer_zone_id" {
  description = "Hosted zone id of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "vpc_id" {
  description = "VPC of the control plane (created or given)."
  value       = local.vpc_id
}

output "private_subnet_ids" {
  description = "Subnets of the tasks and the database."
  value       = local.private_subnet_ids
}

output "security_group_ids" {
  description = "Security groups by tier: lb, api, portal, db."
  value = {
    lb     = aws_security_group.lb.id
    api    = aws_security_group.api.id
    portal = aws_security_group.portal.id
    db     = aws_security_group.db.id
  }
}

output "ecs_cluster_name" {
  description = "ECS cluster running platform-api and portal."
  value       = aws_ecs_cluster.this.name
}

output "db_endpoint" {
  description = "Host and port of PostgreSQL (reachable only from platform-api's security group)."
  value       = "${aws_db_instance.this.address}:${aws_db_instance.this.port}"
}

output "operator_token_secret_arn" {
  description = "Secrets Manager ARN of the operator token."
  value       = aws_secretsmanager_secret.token["operator-token"].arn
}

output "db_credentials_secret_arn" {
  description = "Secrets Manager ARN of the database's master login, the secret RDS manages (JSON keys username and password)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}
