-- Accounts and schemas of the librwsplit test cluster (MySQL 8.4 primary).
-- Run once by the mysql image entrypoint; binlogged with GTIDs, so the
-- replica gets the same accounts through replication.
-- Keep in sync with the constants at the top of ../cluster.sh.

CREATE DATABASE IF NOT EXISTS `rwsplit_test`;
CREATE DATABASE IF NOT EXISTS `rwsplit`;

CREATE USER 'rws_repl'@'%' IDENTIFIED BY 'rws-repl-pass';
GRANT REPLICATION SLAVE ON *.* TO 'rws_repl'@'%';

CREATE USER 'rwsplit'@'%' IDENTIFIED BY 'rwsplit-pass';
GRANT ALL PRIVILEGES ON `rwsplit_test`.* TO 'rwsplit'@'%';
GRANT ALL PRIVILEGES ON `rwsplit`.* TO 'rwsplit'@'%';
-- Replication status (SHOW REPLICA STATUS, SHOW BINARY LOG STATUS) and the
-- performance_schema.replication_* tables.
GRANT REPLICATION CLIENT, PROCESS ON *.* TO 'rwsplit'@'%';
GRANT SELECT ON `performance_schema`.* TO 'rwsplit'@'%';

CREATE USER 'rws_admin'@'%' IDENTIFIED BY 'rws-admin-pass';
GRANT ALL PRIVILEGES ON *.* TO 'rws_admin'@'%' WITH GRANT OPTION;
