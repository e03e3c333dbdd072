terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }

  # Keep state remotely for a real deployment, e.g.:
  # backend "s3" {
  #   bucket       = "my-terraform-state"
  #   key          = "cdn/multi-region.tfstate"
  #   region       = "us-east-1"
  #   use_lockfile = true
  # }
}
