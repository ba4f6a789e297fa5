//! The `security` rules. One file per rule; list each in `RULES`.

use super::Rule;

mod add_url_without_checksum;
mod apt_unauthenticated;
mod chpasswd_literal_password;
mod credentials_written_by_run;
mod docker_socket_mounted;
mod insecure_download;
mod package_update_alone;
mod package_verification_disabled;
mod pip_extra_index_url;
mod pipe_download_to_shell;
mod run_security_insecure;
mod secret_file_copied;
mod ssh_port_exposed;
mod tls_verification_disabled_config;
mod tls_verification_disabled_env;
mod volume_on_system_directory;
mod workdir_system_directory;

pub static RULES: &[&Rule] = &[
    &ssh_port_exposed::RULE,
    &package_update_alone::RULE,
    &workdir_system_directory::RULE,
    &secret_file_copied::RULE,
    &insecure_download::RULE,
    &apt_unauthenticated::RULE,
    &package_verification_disabled::RULE,
    &tls_verification_disabled_env::RULE,
    &tls_verification_disabled_config::RULE,
    &chpasswd_literal_password::RULE,
    &pipe_download_to_shell::RULE,
    &add_url_without_checksum::RULE,
    &docker_socket_mounted::RULE,
    &run_security_insecure::RULE,
    &pip_extra_index_url::RULE,
    &credentials_written_by_run::RULE,
    &volume_on_system_directory::RULE,
];
