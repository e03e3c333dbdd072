output "pop" {
  description = "Name of the PoP."
  value       = var.pop
}

output "role" {
  description = "edge or shield."
  value       = var.role
}

output "region" {
  description = "Region of the PoP."
  value       = data.aws_region.current.name
}

output "url" {
  description = "Base URL of the PoP's load balancer. A shield's is what edges take as shield_url: https on 443 at the load balancer's DNS name, the name its fleet certificate carries. An edge's is its plain HTTP port."
  value       = local.is_shield ? "https://${aws_lb.this.dns_name}:443" : "http://${aws_lb.this.dns_name}"
}

output "nlb_arn" {
  description = "ARN of the network load balancer (a Global Accelerator endpoint)."
  value       = aws_lb.this.arn
}

output "nlb_dns_name" {
  description = "DNS name of the network load balancer."
  value       = aws_lb.this.dns_name
}

output "nlb_zone_id" {
  description = "Hosted zone id of the network load balancer, for Route 53 alias records."
  value       = aws_lb.this.zone_id
}

output "health_alarm_name" {
  description = "CloudWatch alarm that breaches when the PoP has no healthy node (in this PoP's region)."
  value       = aws_cloudwatch_metric_alarm.no_healthy_nodes.alarm_name
}

output "autoscaling_group_name" {
  description = "Autoscaling group of the nodes."
  value       = aws_autoscaling_group.node.name
}

output "security_group_id" {
  description = "Security group of the nodes."
  value       = aws_security_group.node.id
}

output "node_args" {
  description = "edge-runtime arguments every node starts with (besides --node-id, --disk and --memory, set at boot). No secrets."
  value       = local.node_args
}

output "edge_token_secret_arn" {
  description = "Secrets Manager ARN of the PoP's own edge credential (created empty: scripts/mint-pop-tokens.sh fills it). The ARN, never the value."
  value       = aws_secretsmanager_secret.edge_token.arn
}

output "admin_token_secret_arn" {
  description = "Secrets Manager ARN of the PoP's admin-listener token."
  value       = aws_secretsmanager_secret.admin_token.arn
}

output "alarm_topic_arn" {
  description = "SNS topic the PoP's alarms notify; subscribe the on-call rotation to it."
  value       = local.alarm_topic_arn
}

output "egress_cidrs" {
  description = "The addresses the PoP's nodes leave from (its Elastic IP pool), as /32 CIDRs by a name known at plan time: what a shield's edge_egress_cidrs admits."
  value       = { for i, e in aws_eip.egress : "${var.pop}-${i}" => "${e.public_ip}/32" }
}

output "admitted_cidrs" {
  description = "Who may reach the PoP's load balancer, by name: traffic_ingress_cidrs (everyone for an edge by default) and, for a shield, the edges' egress addresses."
  value       = local.ingress_cidrs
}
