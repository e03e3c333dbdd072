# PostgreSQL on RDS: private subnets only, encrypted at rest, TLS enforced, automated backups, optional
# Multi-AZ. RDS generates the master password and keeps it in a Secrets Manager secret of its own
# (manage_master_user_password): the password never passes through Terraform, so it is in neither plan nor state.
# platform-api gets it from that secret's JSON keys (services.tf).

resource "aws_db_subnet_group" "this" {
  name       = "${var.name}-cp"
  subnet_ids = local.private_subnet_ids
  tags       = local.tags
}

resource "aws_db_parameter_group" "this" {
  name   = "${var.name}-cp-pg${split(".", var.db_engine_version)[0]}"
  family = "postgres${split(".", var.db_engine_version)[0]}"
  tags   = local.tags

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = "${var.name}-cp"
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name                       = local.db_name
  username                      = local.db_user
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.db_kms_key_arn
  port                          = local.db_port

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.db_kms_key_arn

  multi_az               = var.db_multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name

  backup_retention_period = var.db_backup_retention_days
  backup_window           = "03:00-04:00"
  maintenance_window      = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot   = true
  deletion_protection     = var.deletion_protection
  # Independent of deletion protection: lifting protection to destroy must not also drop the last snapshot.
  skip_final_snapshot       = var.db_skip_final_snapshot
  final_snapshot_identifier = var.db_skip_final_snapshot ? null : "${var.name}-cp-final"

  auto_minor_version_upgrade          = true
  iam_database_authentication_enabled = false
  performance_insights_enabled        = true
  enabled_cloudwatch_logs_exports     = ["postgresql"]

  tags = local.tags
}
