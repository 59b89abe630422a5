SELECT `users`.* FROM `users` WHERE `users`.`id` = 4915 ORDER BY `users`.`id` DESC LIMIT 20
SELECT `order_items`.`id`, `order_items`.`order_id`, `order_items`.`product_id`, `order_items`.`quantity`, `order_items`.`price_cents` FROM `order_items` WHERE `order_items`.`product_id` = 27247 LIMIT 21
SELECT id, user_id, token, expires_at, ip FROM sessions WHERE (expires_at = '2024-10-12 16:16:00' AND expires_at IS NOT NULL) OR (id = 75761 AND id IS NOT NULL) OR (user_id = 20827 AND user_id IS NOT NULL) OR (ip = 'erin 28' AND ip IS NOT NULL) OR (token = 'dave 64' AND token IS NOT NULL)
SET SESSION group_concat_max_len = 1048576
SELECT id, created_at FROM audit_log WHERE id IN (1039, 7263, 5335)
SELECT DISTINCT c.slug FROM categories c JOIN products p ON p.category_id = c.id WHERE p.stock > 0
SAVEPOINT sp1
UPDATE products SET stock = stock - 2 WHERE id = 77839 AND stock >= 3
INSERT INTO orders (user_id, total_cents, currency, status, created_at, shipped_at) VALUES (83379, 84741, 'alice 3', 'active', '2024-11-24 10:51:00', '2024-02-17 15:31:00'), (99245, 18939, 'alice 28', 'banned', '2024-11-05 10:06:00', '2024-11-12 10:30:00'), (68884, 72631, 'dave 37', 'banned', '2024-06-14 08:35:00', '2024-01-27 09:18:00'), (46554, 64715, 'grace 43', 'shipped', '2024-09-12 06:41:00', '2024-08-26 03:21:00')
SET autocommit=1
INSERT INTO products (id, price_cents) VALUES (76902, 74342) ON DUPLICATE KEY UPDATE price_cents = VALUES(price_cents)
/* rwsplit:primary */ SELECT balance FROM accounts WHERE id = 5
SELECT oi.product_id, SUM(oi.quantity) AS qty FROM order_items oi INNER JOIN orders o ON o.id = oi.order_id WHERE o.user_id = 3991 GROUP BY oi.product_id HAVING qty > 1
SELECT id, parent_id, name, slug FROM categories WHERE (parent_id = 94787 AND parent_id IS NOT NULL) OR (name = 'frank 78' AND name IS NOT NULL) OR (id = 68444 AND id IS NOT NULL) OR (slug = 'frank 21' AND slug IS NOT NULL)
UPDATE `users` SET `password_hash` = 'erin 55', `updated_at` = NOW() WHERE `id` = 20616
SELECT id, parent_id, name, slug FROM categories WHERE (slug = 'frank 77' AND slug IS NOT NULL) OR (parent_id = 84621 AND parent_id IS NOT NULL) OR (id = 75822 AND id IS NOT NULL) OR (name = 'heidi 78' AND name IS NOT NULL)
UPDATE `users` SET `last_login_at` = '2024-03-26 18:09:00', `updated_at` = NOW() WHERE `id` = 35894
SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) AS n FROM users u WHERE u.status = 'active' LIMIT 50
select c0_.id as id1_0_, c0_.name as name2_0_ from categories c0_ where c0_.name='frank 32'
SET character_set_results = NULL
SELECT id, quantity FROM order_items WHERE id IN (1838, 1630, 1153, 4921, 8593, 9551, 3141, 6359, 4275, 3664, 9848, 19, 172, 8807, 4941, 7548, 4565, 5184, 3971, 7788, 8623, 3847, 8963, 4048, 480, 6748, 5037, 907, 357)
SELECT id, body FROM comments WHERE id IN (2063, 8248, 8671, 3539, 1518, 4441, 4071, 6301, 6550, 7305, 7076, 5113, 358, 2085, 529, 6967, 7755, 9621, 8026, 3, 1199, 6415, 8649, 7671, 7356)
SELECT id, price_cents FROM order_items WHERE id IN (5557, 6903, 3208, 5843, 5219, 1511, 5996, 320, 5538, 9078, 7515, 7217, 297, 6298, 5432, 8478, 4841, 8393, 1054, 1849, 3745, 1717, 1378, 4352, 4456, 649, 2975)
SELECT `audit_log`.* FROM `audit_log` WHERE `audit_log`.`id` = 25075 ORDER BY `audit_log`.`id` DESC LIMIT 20
SELECT * FROM audit_log WHERE created_at = '2024-06-03 08:03:00'
SELECT p.* FROM products p WHERE MATCH(p.title, p.description) AGAINST ('red shoes' IN BOOLEAN MODE) LIMIT 20
INSERT INTO `users` (`email`, `name`, `password_hash`, `created_at`, `updated_at`, `status`, `last_login_at`) VALUES ('grace938@example.com', 'grace 81', 'frank 75', '2024-05-04 07:19:00', '2024-12-13 16:14:00', 'banned', '2024-08-07 05:08:00')
DELETE FROM order_items WHERE id = 54057
SELECT LAST_INSERT_ID()
SET SESSION group_concat_max_len = 1048576
SELECT `sessions`.`id`, `sessions`.`user_id`, `sessions`.`token`, `sessions`.`expires_at`, `sessions`.`ip` FROM `sessions` WHERE `sessions`.`ip` = 'bob 63' LIMIT 21
ALTER TABLE orders ADD COLUMN note TEXT
SELECT id, product_id FROM order_items WHERE id IN (7493, 1393, 9036, 648, 23, 2059, 3811, 9329)
SELECT @@version
SELECT id, sku FROM products WHERE id IN (2544, 9775, 6382, 5344, 8097, 2449, 4656, 2372, 718, 8405, 7033, 8283, 2283, 8582, 8264, 9314, 264, 9570, 3768, 1395, 511, 686, 2181, 5910, 1719, 6171, 7396, 9151, 832, 309, 8708, 4007, 8017, 4322, 55)
INSERT INTO `categories` (`parent_id`, `name`, `slug`) VALUES (94007, 'alice 2', 'alice 2')
INSERT INTO comments (post_id, user_id, body, created_at) VALUES (30819, 94466, 'dave 23', '2024-01-09 11:03:00'), (72462, 3642, 'alice 34', '2024-09-23 23:41:00'), (99831, 63364, 'alice 13', '2024-03-11 00:12:00'), (88722, 98072, 'erin 76', '2024-10-15 20:06:00')
SELECT * FROM comments WHERE post_id = 53845
SELECT 1 AS `a` FROM `categories` WHERE `categories`.`id` = 26984 LIMIT 1
SELECT id, user_id FROM posts WHERE id IN (6447, 891, 3489, 388, 9767, 2326, 6806, 850, 986, 3017, 6445)
SET @rank := 0
SELECT p.id, p.title, c.name FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND p.price_cents BETWEEN 179 AND 4332
DELETE FROM posts WHERE id = 8811
UPDATE `products` SET `active` = 1, `updated_at` = NOW() WHERE `id` = 55831
SELECT id, sku FROM products WHERE id IN (969, 9265, 2029, 3658, 9552, 1014, 9456, 9594, 6500, 813, 3623, 764, 9121, 2182, 4745, 6868, 2364, 8859, 1930, 9354, 5055, 9180, 2962, 1689, 9529, 9359, 3079, 6102, 1597)
SELECT p.id, p.title, c.name FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND p.price_cents BETWEEN 180 AND 9386
TRUNCATE TABLE audit_log
RELEASE SAVEPOINT sp1
INSERT INTO `users` (`email`, `name`, `password_hash`, `created_at`, `updated_at`, `status`, `last_login_at`) VALUES ('alice571@example.com', 'frank 91', 'heidi 63', '2024-02-28 19:40:00', '2024-07-04 22:05:00', 'shipped', '2024-06-19 07:41:00')
SELECT id, user_id, token, expires_at, ip FROM sessions WHERE (token = 'erin 83' AND token IS NOT NULL) OR (id = 28443 AND id IS NOT NULL) OR (user_id = 11197 AND user_id IS NOT NULL) OR (ip = 'alice 22' AND ip IS NOT NULL) OR (expires_at = '2024-05-08 23:12:00' AND expires_at IS NOT NULL)
SELECT id, token FROM sessions WHERE id IN (4581, 1847, 5984, 3791, 8158, 7965, 6457, 407, 2607, 59, 8056, 7386, 6643, 4948, 2306, 6819, 5636, 6163, 5179, 1981, 5429, 29, 5318, 5543, 6526, 1967, 3208, 193, 4749, 4149, 6099, 1065, 6438, 6393)
SELECT * FROM orders WHERE id = 7 FOR UPDATE
SELECT COUNT(*) AS `__count` FROM `orders` WHERE `orders`.`total_cents` >= 26269
UPDATE `products` SET `stock` = 98453, `updated_at` = NOW() WHERE `id` = 1229
INSERT INTO categories (id, name) VALUES (32259, 'grace 50') ON DUPLICATE KEY UPDATE name = VALUES(name)
INSERT INTO `audit_log` (`actor_id`, `action`, `payload`, `created_at`) VALUES (95566, 'frank 82', 'alice 33', '2024-05-13 12:03:00')
DELETE FROM orders WHERE id = 77742
SELECT id FROM sessions WHERE token = '99b9ede73087de350ce66f731e84fb36' AND expires_at > NOW()
SELECT `products`.* FROM `products` WHERE `products`.`id` = 56876 ORDER BY `products`.`id` DESC LIMIT 20
INSERT INTO tmp_ids SELECT id FROM users WHERE status = 'banned'
DELETE FROM users WHERE id = 57217
START TRANSACTION READ ONLY
SELECT 1 AS `a` FROM `orders` WHERE `orders`.`id` = 27185 LIMIT 1
select p0_.id as id1_0_, p0_.stock as stoc2_0_ from products p0_ where p0_.stock=19216
DELETE FROM posts WHERE id = 70853
SELECT id, price_cents FROM order_items WHERE id IN (6455, 369, 4910, 4985)
SELECT `order_items`.`id`, `order_items`.`order_id`, `order_items`.`product_id`, `order_items`.`quantity`, `order_items`.`price_cents` FROM `order_items` WHERE `order_items`.`price_cents` = 35249 LIMIT 21
SELECT @@session.tx_isolation
SELECT `order_items`.* FROM `order_items` WHERE `order_items`.`id` = 86314 ORDER BY `order_items`.`id` DESC LIMIT 20
INSERT INTO `orders` (`user_id`, `total_cents`, `currency`, `status`, `created_at`, `shipped_at`) VALUES (52282, 94723, 'grace 70', 'active', '2024-07-10 03:00:00', '2024-01-07 15:38:00')
SELECT id, user_id, total_cents, currency, status, created_at, shipped_at FROM orders WHERE (created_at = '2024-09-22 02:56:00' AND created_at IS NOT NULL) OR (id = 99061 AND id IS NOT NULL) OR (shipped_at = '2024-12-13 03:15:00' AND shipped_at IS NOT NULL) OR (total_cents = 26965 AND total_cents IS NOT NULL) OR (status = 'pending' AND status IS NOT NULL)
SELECT id, ip FROM sessions WHERE id IN (1127, 1534, 4423, 7768, 1065, 995, 5073, 9470, 7302, 4663, 6321, 5686, 370, 7565, 5824, 2754, 1919, 8089, 966, 3576, 4710, 2120, 4057, 6520, 6406, 8135, 1321, 2726, 7360, 6581, 9003)
SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED
SELECT DATE_FORMAT(created_at, '%%Y-%%m') AS month, COUNT(*), SUM(total_cents) FROM orders WHERE created_at >= '2024-01-01' GROUP BY month ORDER BY month
SELECT 1 AS `a` FROM `categories` WHERE `categories`.`id` = 55346 LIMIT 1
SELECT id, actor_id, action, payload, created_at FROM audit_log WHERE (actor_id = 80372 AND actor_id IS NOT NULL) OR (created_at = '2024-03-17 09:04:00' AND created_at IS NOT NULL) OR (payload = 'erin 81' AND payload IS NOT NULL) OR (id = 6356 AND id IS NOT NULL) OR (action = 'heidi 92' AND action IS NOT NULL)
SELECT DATABASE()
SELECT `users`.* FROM `users` WHERE `users`.`id` = 46739 ORDER BY `users`.`id` DESC LIMIT 20
UPDATE products SET stock = stock - 1 WHERE id = 61526 AND stock >= 2
SELECT DISTINCT c.slug FROM categories c JOIN products p ON p.category_id = c.id WHERE p.stock > 0
SELECT COUNT(*) AS `__count` FROM `orders` WHERE `orders`.`currency` >= 'erin 7'
SELECT * FROM comments WHERE post_id = 65926
CREATE TEMPORARY TABLE tmp_ids (id INT PRIMARY KEY)
UPDATE products SET stock = stock - 1 WHERE id = 19172 AND stock >= 2
SELECT DATE_FORMAT(created_at, '%%Y-%%m') AS month, COUNT(*), SUM(total_cents) FROM orders WHERE created_at >= '2024-01-01' GROUP BY month ORDER BY month
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 2706
SELECT `audit_log`.`id`, `audit_log`.`actor_id`, `audit_log`.`action`, `audit_log`.`payload`, `audit_log`.`created_at` FROM `audit_log` WHERE `audit_log`.`created_at` = '2024-05-22 23:24:00' LIMIT 21
SELECT `order_items`.* FROM `order_items` WHERE `order_items`.`id` = 24316 ORDER BY `order_items`.`id` DESC LIMIT 20
SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) AS n FROM users u WHERE u.status = 'active' LIMIT 50
SELECT id, post_id, user_id, body, created_at FROM comments WHERE (body = 'erin 28' AND body IS NOT NULL) OR (id = 51323 AND id IS NOT NULL) OR (created_at = '2024-10-19 02:36:00' AND created_at IS NOT NULL) OR (post_id = 22485 AND post_id IS NOT NULL) OR (user_id = 18953 AND user_id IS NOT NULL)
WITH recent AS (SELECT user_id, MAX(created_at) AS last FROM orders GROUP BY user_id) SELECT u.email, r.last FROM users u JOIN recent r ON r.user_id = u.id WHERE r.last > NOW() - INTERVAL 30 DAY
select c0_.id as id1_0_, c0_.created_at as crea2_0_ from comments c0_ where c0_.created_at='2024-05-08 05:44:00'
SHOW WARNINGS
SAVEPOINT sp1
SELECT id, name FROM categories WHERE id IN (4433, 5686, 298, 4104, 606, 252, 303, 8285, 9029, 3105, 8426, 7779, 4026)
SELECT p.* FROM products p WHERE MATCH(p.title, p.description) AGAINST ('red shoes' IN BOOLEAN MODE) LIMIT 20
SELECT p.id, p.title, c.name FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND p.price_cents BETWEEN 371 AND 7156
INSERT INTO categories (id, name) VALUES (38324, 'erin 8') ON DUPLICATE KEY UPDATE name = VALUES(name)
DELETE FROM categories WHERE id = 88975
DELETE FROM posts WHERE id = 38581
UPDATE products SET stock = stock - 3 WHERE id = 51527 AND stock >= 1
SELECT `posts`.* FROM `posts` WHERE `posts`.`id` = 10877 ORDER BY `posts`.`id` DESC LIMIT 20
SELECT id, user_id FROM comments WHERE id IN (7772, 5742, 2555, 8990, 8984, 2147, 351, 234, 1684, 8628, 2282, 7108, 3192, 3458, 459, 4127, 3487, 4800, 8212, 3941, 9609, 5342, 4250, 8919, 6866, 2148, 998, 5797, 7507, 9558, 8467, 6892, 8220, 2143, 8714, 2488, 8578, 8365, 307, 7212)
BEGIN
SELECT VERSION()
SELECT 1; SELECT 2
SELECT id, order_id, product_id, quantity, price_cents FROM order_items WHERE (product_id = 49736 AND product_id IS NOT NULL) OR (order_id = 82667 AND order_id IS NOT NULL) OR (quantity = 90813 AND quantity IS NOT NULL) OR (price_cents = 87194 AND price_cents IS NOT NULL) OR (id = 70302 AND id IS NOT NULL)
SET autocommit=0
SET autocommit=1
WITH recent AS (SELECT user_id, MAX(created_at) AS last FROM orders GROUP BY user_id) SELECT u.email, r.last FROM users u JOIN recent r ON r.user_id = u.id WHERE r.last > NOW() - INTERVAL 30 DAY
SET character_set_results = NULL
SET @user_id = 42
SELECT id FROM sessions WHERE token = '2f65ab4e5f2ee40dada65cc468b3e3aa' AND expires_at > NOW()
INSERT INTO users (email, name, password_hash, created_at, updated_at, status, last_login_at) VALUES ('grace6@example.com', 'dave 56', 'grace 30', '2024-11-24 20:56:00', '2024-11-23 18:54:00', 'pending', '2024-11-06 20:07:00'), ('heidi443@example.com', 'frank 34', 'bob 54', '2024-04-26 12:45:00', '2024-12-21 05:16:00', 'banned', '2024-08-15 00:39:00'), ('grace531@example.com', 'carol 84', 'frank 2', '2024-07-27 15:58:00', '2024-02-02 08:34:00', 'pending', '2024-03-23 06:33:00'), ('frank104@example.com', 'heidi 70', 'dave 92', '2024-08-17 00:40:00', '2024-06-17 10:26:00', 'banned', '2024-04-22 05:25:00')
INSERT INTO products (id, category_id) VALUES (38826, 60723) ON DUPLICATE KEY UPDATE category_id = VALUES(category_id)
START TRANSACTION
SELECT * FROM comments WHERE body = 'bob 11'
LOCK TABLES orders WRITE
select u0_.id as id1_0_, u0_.status as stat2_0_ from users u0_ where u0_.status='banned'
SELECT COUNT(*) AS `__count` FROM `sessions` WHERE `sessions`.`token` >= 'alice 10'
SELECT id, order_id, product_id, quantity, price_cents FROM order_items WHERE (id = 46612 AND id IS NOT NULL) OR (price_cents = 12472 AND price_cents IS NOT NULL) OR (order_id = 52596 AND order_id IS NOT NULL) OR (quantity = 51721 AND quantity IS NOT NULL) OR (product_id = 97678 AND product_id IS NOT NULL)
INSERT INTO posts (id, user_id) VALUES (86412, 47505) ON DUPLICATE KEY UPDATE user_id = VALUES(user_id)
SHOW SLAVE STATUS
SELECT `orders`.`id`, `orders`.`user_id`, `orders`.`total_cents`, `orders`.`currency`, `orders`.`status`, `orders`.`created_at`, `orders`.`shipped_at` FROM `orders` WHERE `orders`.`status` = 'shipped' LIMIT 21
SELECT o.id, o.total_cents, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'pending' AND o.created_at > '2024-01-01' ORDER BY o.created_at DESC LIMIT 34
SELECT * FROM audit_log WHERE actor_id = 68943
SELECT 1 AS `a` FROM `orders` WHERE `orders`.`id` = 15949 LIMIT 1
SELECT p.* FROM products p WHERE MATCH(p.title, p.description) AGAINST ('red shoes' IN BOOLEAN MODE) LIMIT 20
SELECT COUNT(*) AS `__count` FROM `audit_log` WHERE `audit_log`.`payload` >= 'heidi 60'
SELECT oi.product_id, SUM(oi.quantity) AS qty FROM order_items oi INNER JOIN orders o ON o.id = oi.order_id WHERE o.user_id = 7242 GROUP BY oi.product_id HAVING qty > 1
USE shop
SET autocommit=1
SET autocommit=0
SELECT * FROM products WHERE price_cents = 84826
UPDATE `order_items` SET `order_id` = 44413, `updated_at` = NOW() WHERE `id` = 26345
SELECT GET_LOCK('job-42', 10)
BEGIN
SELECT id, created_at FROM audit_log WHERE id IN (8573, 4254, 9168, 3320, 7333, 2247, 6827, 1993, 6429, 7244, 5178, 1189, 3943, 7018, 1199, 3485, 4961)
SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci
USE shop
UPDATE `audit_log` SET `payload` = 'heidi 65', `updated_at` = NOW() WHERE `id` = 77245
DELETE FROM order_items WHERE id = 354
DELETE FROM posts WHERE id = 88598
select a0_.id as id1_0_, a0_.actor_id as acto2_0_ from audit_log a0_ where a0_.actor_id=76388
SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED
SELECT 1 AS `a` FROM `products` WHERE `products`.`id` = 38658 LIMIT 1
SELECT `orders`.`id`, `orders`.`user_id`, `orders`.`total_cents`, `orders`.`currency`, `orders`.`status`, `orders`.`created_at`, `orders`.`shipped_at` FROM `orders` WHERE `orders`.`created_at` = '2024-06-22 16:33:00' LIMIT 21
RELEASE SAVEPOINT sp1
SELECT o.id, o.total_cents, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'pending' AND o.created_at > '2024-01-01' ORDER BY o.created_at DESC LIMIT 18
SELECT `orders`.`id`, `orders`.`user_id`, `orders`.`total_cents`, `orders`.`currency`, `orders`.`status`, `orders`.`created_at`, `orders`.`shipped_at` FROM `orders` WHERE `orders`.`shipped_at` = '2024-07-26 22:48:00' LIMIT 21
USE shop
SET @a = 1, @b = 'x'
INSERT INTO sessions (user_id, token, expires_at, ip) VALUES (45240, 'alice 85', '2024-01-07 02:41:00', 'erin 33'), (79719, 'bob 75', '2024-03-28 07:11:00', 'heidi 45'), (20012, 'dave 52', '2024-09-06 19:57:00', 'bob 86'), (71894, 'erin 26', '2024-08-23 06:33:00', 'bob 95'), (57487, 'bob 72', '2024-02-09 13:14:00', 'carol 61'), (64629, 'alice 62', '2024-08-05 22:31:00', 'dave 64')
SET SESSION group_concat_max_len = 1048576
SELECT DISTINCT c.slug FROM categories c JOIN products p ON p.category_id = c.id WHERE p.stock > 0
SELECT COUNT(*) AS `__count` FROM `products` WHERE `products`.`description` >= 'grace 16'
SELECT COUNT(*) AS `__count` FROM `orders` WHERE `orders`.`created_at` >= '2024-10-06 07:31:00'
SELECT * FROM orders WHERE total_cents = 84340
SELECT COUNT(*) AS `__count` FROM `order_items` WHERE `order_items`.`quantity` >= 475
DELETE FROM order_items WHERE id = 31256
SET autocommit=0
SELECT id, user_id, total_cents, currency, status, created_at, shipped_at FROM orders WHERE (currency = 'erin 34' AND currency IS NOT NULL) OR (created_at = '2024-07-18 16:10:00' AND created_at IS NOT NULL) OR (id = 49717 AND id IS NOT NULL) OR (total_cents = 82673 AND total_cents IS NOT NULL) OR (status = 'pending' AND status IS NOT NULL)
UPDATE products SET stock = stock - 3 WHERE id = 65223 AND stock >= 3
SHOW MASTER STATUS
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 4124
INSERT INTO orders (id, currency) VALUES (8210, 'dave 51') ON DUPLICATE KEY UPDATE currency = VALUES(currency)
SELECT RELEASE_LOCK('job-42')
SELECT `categories`.* FROM `categories` WHERE `categories`.`id` = 2633 ORDER BY `categories`.`id` DESC LIMIT 20
WITH recent AS (SELECT user_id, MAX(created_at) AS last FROM orders GROUP BY user_id) SELECT u.email, r.last FROM users u JOIN recent r ON r.user_id = u.id WHERE r.last > NOW() - INTERVAL 30 DAY
SET @user_id = 42
SELECT o.id, o.total_cents, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'pending' AND o.created_at > '2024-01-01' ORDER BY o.created_at DESC LIMIT 63
select s0_.id as id1_0_, s0_.token as toke2_0_ from sessions s0_ where s0_.token='carol 60'
SET GLOBAL max_connections = 500
SELECT `categories`.* FROM `categories` WHERE `categories`.`id` = 54913 ORDER BY `categories`.`id` DESC LIMIT 20
DELETE FROM orders WHERE id = 40772
ROLLBACK
SELECT id, parent_id FROM categories WHERE id IN (1270, 9826, 2416, 5436, 4161, 4988, 9303, 2187, 205, 7904, 994, 7960, 4404, 1631)
SELECT * FROM categories WHERE parent_id = 99149
SELECT DISTINCT c.slug FROM categories c JOIN products p ON p.category_id = c.id WHERE p.stock > 0
SELECT `categories`.* FROM `categories` WHERE `categories`.`id` = 32680 ORDER BY `categories`.`id` DESC LIMIT 20
SELECT DATE_FORMAT(created_at, '%%Y-%%m') AS month, COUNT(*), SUM(total_cents) FROM orders WHERE created_at >= '2024-01-01' GROUP BY month ORDER BY month
SELECT `categories`.`id`, `categories`.`parent_id`, `categories`.`name`, `categories`.`slug` FROM `categories` WHERE `categories`.`parent_id` = 86767 LIMIT 21
select o0_.id as id1_0_, o0_.status as stat2_0_ from orders o0_ where o0_.status='pending'
SELECT `products`.`id`, `products`.`sku`, `products`.`title`, `products`.`description`, `products`.`price_cents`, `products`.`stock`, `products`.`category_id`, `products`.`active` FROM `products` WHERE `products`.`category_id` = 52201 LIMIT 21
SELECT COUNT(*) AS `__count` FROM `posts` WHERE `posts`.`published_at` >= '2024-12-17 06:24:00'
SELECT * FROM posts WHERE title LIKE '%it''s%' -- search
SELECT `sessions`.* FROM `sessions` WHERE `sessions`.`id` = 886 ORDER BY `sessions`.`id` DESC LIMIT 20
INSERT INTO audit_log (actor_id, action, payload) VALUES (3, 'login', '{"ip": "10.0.0.1"}')
START TRANSACTION READ ONLY
SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci
START TRANSACTION
SHOW TABLES
DELETE FROM categories WHERE id = 49147
SELECT NEXT VALUE FOR order_seq
INSERT INTO `audit_log` (`actor_id`, `action`, `payload`, `created_at`) VALUES (10870, 'heidi 28', 'carol 81', '2024-01-14 00:00:00')
SELECT id, sku FROM products WHERE id IN (8605, 8112, 5628, 7354, 4718, 9978, 1200, 1935, 8388, 6851, 2703, 5605, 2491, 8012, 6910, 643, 1272, 9144, 9389, 5141, 5573)
SELECT `orders`.`id`, `orders`.`user_id`, `orders`.`total_cents`, `orders`.`currency`, `orders`.`status`, `orders`.`created_at`, `orders`.`shipped_at` FROM `orders` WHERE `orders`.`created_at` = '2024-03-24 16:16:00' LIMIT 21
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 1026
SELECT stock FROM products WHERE id = 9 LOCK IN SHARE MODE
UPDATE `products` SET `category_id` = 39220, `updated_at` = NOW() WHERE `id` = 16721
SELECT 1 AS `a` FROM `comments` WHERE `comments`.`id` = 66404 LIMIT 1
SET autocommit=1
select c0_.id as id1_0_, c0_.user_id as user2_0_ from comments c0_ where c0_.user_id=47743
SELECT NOW()
SELECT id, post_id, user_id, body, created_at FROM comments WHERE (id = 22331 AND id IS NOT NULL) OR (post_id = 57155 AND post_id IS NOT NULL) OR (user_id = 171 AND user_id IS NOT NULL) OR (created_at = '2024-09-07 09:48:00' AND created_at IS NOT NULL) OR (body = 'alice 1' AND body IS NOT NULL)
SELECT DISTINCT c.slug FROM categories c JOIN products p ON p.category_id = c.id WHERE p.stock > 0
UPDATE products SET stock = stock - 1 WHERE id = 59289 AND stock >= 2
select p0_.id as id1_0_, p0_.user_id as user2_0_ from posts p0_ where p0_.user_id=29864
SET autocommit=1
SELECT 1
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 8037
SELECT id, email, name, password_hash, created_at, updated_at, status, last_login_at FROM users WHERE (id = 45202 AND id IS NOT NULL) OR (last_login_at = '2024-03-23 00:01:00' AND last_login_at IS NOT NULL) OR (status = 'active' AND status IS NOT NULL) OR (created_at = '2024-03-23 20:40:00' AND created_at IS NOT NULL) OR (email = 'alice714@example.com' AND email IS NOT NULL)
SELECT p.id, p.title, c.name FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND p.price_cents BETWEEN 903 AND 3231
ROLLBACK TO SAVEPOINT sp1
INSERT INTO users (id, updated_at) VALUES (80182, '2024-07-20 04:40:00') ON DUPLICATE KEY UPDATE updated_at = VALUES(updated_at)
UPDATE `users` SET `last_login_at` = '2024-12-23 22:54:00', `updated_at` = NOW() WHERE `id` = 18980
INSERT INTO products (sku, title, description, price_cents, stock, category_id, active) VALUES ('grace 38', 'grace 21', 'alice 93', 38473, 18921, 83862, 0), ('heidi 65', 'frank 66', 'carol 57', 253, 69021, 37539, 0)
SELECT id, parent_id, name, slug FROM categories WHERE (slug = 'bob 36' AND slug IS NOT NULL) OR (parent_id = 27060 AND parent_id IS NOT NULL) OR (id = 50901 AND id IS NOT NULL) OR (name = 'heidi 5' AND name IS NOT NULL)
select c0_.id as id1_0_, c0_.slug as slug2_0_ from categories c0_ where c0_.slug='carol 46'
SELECT id, sku, title, description, price_cents, stock, category_id, active FROM products WHERE (stock = 86233 AND stock IS NOT NULL) OR (sku = 'bob 26' AND sku IS NOT NULL) OR (title = 'grace 20' AND title IS NOT NULL) OR (id = 19441 AND id IS NOT NULL) OR (category_id = 39598 AND category_id IS NOT NULL)
UPDATE products SET stock = stock - 1 WHERE id = 61329 AND stock >= 3
COMMIT
DELETE FROM order_items WHERE id = 10966
SELECT DATE_FORMAT(created_at, '%%Y-%%m') AS month, COUNT(*), SUM(total_cents) FROM orders WHERE created_at >= '2024-01-01' GROUP BY month ORDER BY month
SELECT `categories`.* FROM `categories` WHERE `categories`.`id` = 60964 ORDER BY `categories`.`id` DESC LIMIT 20
SET time_zone = '+00:00'
UPDATE products SET stock = stock - 3 WHERE id = 21758 AND stock >= 2
SELECT 1 AS `a` FROM `audit_log` WHERE `audit_log`.`id` = 13908 LIMIT 1
SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) AS n FROM users u WHERE u.status = 'active' LIMIT 50
SELECT JSON_EXTRACT(payload, '$.ip') FROM audit_log WHERE actor_id = 3
select c0_.id as id1_0_, c0_.parent_id as pare2_0_ from categories c0_ where c0_.parent_id=55075
SELECT * FROM audit_log WHERE action = 'erin 58'
SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_DATE'
SELECT DATE_FORMAT(created_at, '%%Y-%%m') AS month, COUNT(*), SUM(total_cents) FROM orders WHERE created_at >= '2024-01-01' GROUP BY month ORDER BY month
SELECT * FROM products WHERE active = 1
SELECT 1 AS `a` FROM `categories` WHERE `categories`.`id` = 11929 LIMIT 1
SELECT /*!40001 SQL_NO_CACHE */ * FROM `categories`
INSERT INTO sessions (id, user_id) VALUES (19808, 78793) ON DUPLICATE KEY UPDATE user_id = VALUES(user_id)
SELECT id FROM sessions WHERE token = '4806d26f27401fa03c49fdbd3ece9f2c' AND expires_at > NOW()
UPDATE products SET stock = stock - 2 WHERE id = 45463 AND stock >= 3
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 58
EXPLAIN SELECT * FROM orders WHERE user_id = 3
SELECT 1 AS `a` FROM `order_items` WHERE `order_items`.`id` = 19635 LIMIT 1
SELECT * FROM comments WHERE user_id = 29323
WITH recent AS (SELECT user_id, MAX(created_at) AS last FROM orders GROUP BY user_id) SELECT u.email, r.last FROM users u JOIN recent r ON r.user_id = u.id WHERE r.last > NOW() - INTERVAL 30 DAY
SELECT id, created_at FROM audit_log WHERE id IN (7422, 5454, 7373, 7003, 2288, 8975, 3153, 4000, 1487, 2863, 5603, 9108, 1493, 5232, 3918, 6035)
SELECT COUNT(*) AS `__count` FROM `comments` WHERE `comments`.`body` >= 'dave 27'
SELECT `order_items`.`id`, `order_items`.`order_id`, `order_items`.`product_id`, `order_items`.`quantity`, `order_items`.`price_cents` FROM `order_items` WHERE `order_items`.`product_id` = 19812 LIMIT 21
SELECT COUNT(*) AS `__count` FROM `products` WHERE `products`.`category_id` >= 38124
SAVEPOINT sp1
INSERT INTO products (sku, title, description, price_cents, stock, category_id, active) VALUES ('dave 12', 'carol 90', 'erin 47', 75743, 73982, 47041, 1), ('carol 32', 'alice 64', 'frank 14', 48716, 82935, 60744, 0), ('carol 41', 'alice 45', 'erin 67', 79579, 2697, 12332, 0)
select o0_.id as id1_0_, o0_.order_id as orde2_0_ from order_items o0_ where o0_.order_id=50021
SELECT COUNT(*) AS `__count` FROM `sessions` WHERE `sessions`.`expires_at` >= '2024-03-04 00:05:00'
SELECT COUNT(*) AS `__count` FROM `orders` WHERE `orders`.`status` >= 'active'
SHOW VARIABLES LIKE 'max_connections'
SAVEPOINT sp1
DROP TEMPORARY TABLE IF EXISTS tmp_ids
select c0_.id as id1_0_, c0_.post_id as post2_0_ from comments c0_ where c0_.post_id=72492
SET NAMES utf8mb4
SAVEPOINT sp1
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 614
SELECT COUNT(*) AS `__count` FROM `comments` WHERE `comments`.`created_at` >= '2024-05-03 04:06:00'
SELECT 1 AS `a` FROM `audit_log` WHERE `audit_log`.`id` = 69221 LIMIT 1
COMMIT
INSERT INTO posts (id, title) VALUES (59149, 'erin 89') ON DUPLICATE KEY UPDATE title = VALUES(title)
ROLLBACK
ROLLBACK TO SAVEPOINT sp1
SELECT COUNT(*) AS `__count` FROM `posts` WHERE `posts`.`user_id` >= 89614
SELECT `posts`.`id`, `posts`.`user_id`, `posts`.`title`, `posts`.`body`, `posts`.`published_at`, `posts`.`views` FROM `posts` WHERE `posts`.`user_id` = 92440 LIMIT 21
SELECT /*+ MAX_EXECUTION_TIME(1000) */ id FROM posts WHERE user_id = 12
INSERT INTO sessions (user_id, token, expires_at, ip) VALUES (15154, 'frank 19', '2024-06-08 23:03:00', 'carol 92'), (59163, 'carol 57', '2024-03-09 13:26:00', 'dave 20'), (3332, 'erin 74', '2024-05-11 05:16:00', 'heidi 14'), (41690, 'heidi 62', '2024-02-05 16:03:00', 'dave 72'), (62582, 'erin 16', '2024-05-25 06:23:00', 'grace 34')
SELECT 1 AS `a` FROM `categories` WHERE `categories`.`id` = 66176 LIMIT 1
INSERT INTO `orders` (`user_id`, `total_cents`, `currency`, `status`, `created_at`, `shipped_at`) VALUES (28606, 15906, 'carol 61', 'active', '2024-05-24 18:15:00', '2024-08-24 23:11:00')
SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED
SELECT 1 AS `a` FROM `categories` WHERE `categories`.`id` = 12812 LIMIT 1
SELECT * FROM users WHERE status = 'shipped'
UNLOCK TABLES
SELECT id FROM users WHERE email = 'o\'brien@example.com'
SELECT id, parent_id, name, slug FROM categories WHERE (parent_id = 84241 AND parent_id IS NOT NULL) OR (id = 91301 AND id IS NOT NULL) OR (slug = 'dave 65' AND slug IS NOT NULL) OR (name = 'dave 35' AND name IS NOT NULL)
SELECT id, actor_id FROM audit_log WHERE id IN (3375, 8134, 8712, 7006, 5147)
INSERT INTO `sessions` (`user_id`, `token`, `expires_at`, `ip`) VALUES (56450, 'alice 64', '2024-10-17 01:52:00', 'bob 54')
SELECT p.id, p.title, c.name FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND p.price_cents BETWEEN 134 AND 8892
SELECT id, user_id, token, expires_at, ip FROM sessions WHERE (token = 'heidi 37' AND token IS NOT NULL) OR (ip = 'alice 53' AND ip IS NOT NULL) OR (id = 4096 AND id IS NOT NULL) OR (user_id = 57207 AND user_id IS NOT NULL) OR (expires_at = '2024-09-25 03:22:00' AND expires_at IS NOT NULL)
BEGIN
SET autocommit=1
SELECT o.id, o.total_cents, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'pending' AND o.created_at > '2024-01-01' ORDER BY o.created_at DESC LIMIT 63
SELECT COUNT(*) AS `__count` FROM `posts` WHERE `posts`.`published_at` >= '2024-12-03 23:10:00'
SHOW CREATE TABLE orders
SELECT @rank := @rank + 1 AS r, id FROM posts ORDER BY views DESC
SET autocommit=0
UPDATE `orders` SET `shipped_at` = '2024-09-23 15:29:00', `updated_at` = NOW() WHERE `id` = 87759
SELECT id, actor_id, action, payload, created_at FROM audit_log WHERE (payload = 'alice 69' AND payload IS NOT NULL) OR (actor_id = 3307 AND actor_id IS NOT NULL) OR (id = 53214 AND id IS NOT NULL) OR (action = 'carol 31' AND action IS NOT NULL) OR (created_at = '2024-03-02 03:00:00' AND created_at IS NOT NULL)
WITH recent AS (SELECT user_id, MAX(created_at) AS last FROM orders GROUP BY user_id) SELECT u.email, r.last FROM users u JOIN recent r ON r.user_id = u.id WHERE r.last > NOW() - INTERVAL 30 DAY
UPDATE `order_items` SET `price_cents` = 7480, `updated_at` = NOW() WHERE `id` = 11178
SELECT id, actor_id, action, payload, created_at FROM audit_log WHERE (id = 97224 AND id IS NOT NULL) OR (payload = 'heidi 23' AND payload IS NOT NULL) OR (actor_id = 29616 AND actor_id IS NOT NULL) OR (action = 'bob 34' AND action IS NOT NULL) OR (created_at = '2024-04-21 01:07:00' AND created_at IS NOT NULL)
SELECT id, post_id, user_id, body, created_at FROM comments WHERE (post_id = 59023 AND post_id IS NOT NULL) OR (id = 86783 AND id IS NOT NULL) OR (created_at = '2024-09-24 10:10:00' AND created_at IS NOT NULL) OR (user_id = 60707 AND user_id IS NOT NULL) OR (body = 'heidi 89' AND body IS NOT NULL)
SELECT 1 AS `a` FROM `sessions` WHERE `sessions`.`id` = 94612 LIMIT 1
UPDATE `categories` SET `parent_id` = 85774, `updated_at` = NOW() WHERE `id` = 39561
SELECT COUNT(*) AS `__count` FROM `sessions` WHERE `sessions`.`expires_at` >= '2024-12-06 16:01:00'
SET GLOBAL max_connections = 500
INSERT INTO orders (user_id, total_cents, currency, status, created_at, shipped_at) VALUES (87426, 83047, 'heidi 81', 'pending', '2024-02-22 05:55:00', '2024-01-14 03:58:00'), (85947, 1760, 'frank 18', 'shipped', '2024-09-23 08:55:00', '2024-05-06 13:02:00')
UPDATE `products` SET `category_id` = 49303, `updated_at` = NOW() WHERE `id` = 90106
SHOW FULL COLUMNS FROM `users`
SELECT id, name FROM categories WHERE id IN (3111, 6117, 7009, 476, 6555, 9080, 8999, 3334, 1321, 811, 6732, 7387, 2271, 4690, 7956, 803, 9013, 2086, 2798, 7737, 6798, 5631)
DELETE FROM sessions WHERE id = 63560
INSERT INTO orders (id, created_at) VALUES (63539, '2024-07-07 23:59:00') ON DUPLICATE KEY UPDATE created_at = VALUES(created_at)
SET @a = 1, @b = 'x'
SELECT `orders`.* FROM `orders` WHERE `orders`.`id` = 40852 ORDER BY `orders`.`id` DESC LIMIT 20
RELEASE SAVEPOINT sp1
select c0_.id as id1_0_, c0_.user_id as user2_0_ from comments c0_ where c0_.user_id=70980
SAVEPOINT sp1
USE shop
SELECT * FROM products WHERE title = 'heidi 64'
INSERT INTO order_items (id, order_id) VALUES (21019, 42033) ON DUPLICATE KEY UPDATE order_id = VALUES(order_id)
BEGIN
SELECT 1 AS `a` FROM `products` WHERE `products`.`id` = 649 LIMIT 1
SELECT id, published_at FROM posts WHERE id IN (8302, 5043, 3526, 3762, 5615, 3255, 2290, 6631, 5695, 892, 2127, 234, 1159, 4188, 7058, 2675, 908, 1385, 6241, 8290, 4620, 9811, 3969, 4802, 742, 7528, 3037)
WITH recent AS (SELECT user_id, MAX(created_at) AS last FROM orders GROUP BY user_id) SELECT u.email, r.last FROM users u JOIN recent r ON r.user_id = u.id WHERE r.last > NOW() - INTERVAL 30 DAY
INSERT INTO `products` (`sku`, `title`, `description`, `price_cents`, `stock`, `category_id`, `active`) VALUES ('carol 29', 'bob 80', 'frank 96', 18319, 58622, 12713, 1)
SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci
UPDATE `comments` SET `body` = 'erin 50', `updated_at` = NOW() WHERE `id` = 16272
DELETE FROM posts WHERE id = 92844
SELECT 1 AS `a` FROM `orders` WHERE `orders`.`id` = 11765 LIMIT 1
SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) AS n FROM users u WHERE u.status = 'active' LIMIT 50
SELECT id, stock FROM products WHERE id IN (5402, 3655, 3198, 3923, 6565, 3715, 3276, 8481, 8074, 5826, 475, 458, 4578, 7738, 4247, 3173, 9915, 5641, 7328, 5727, 5975, 1320, 3613, 1674, 3717, 7702, 3223, 5534, 3349, 7908, 9999, 32, 7856, 5637)
SELECT 1 AS `a` FROM `categories` WHERE `categories`.`id` = 8135 LIMIT 1
SELECT `users`.`id`, `users`.`email`, `users`.`name`, `users`.`password_hash`, `users`.`created_at`, `users`.`updated_at`, `users`.`status`, `users`.`last_login_at` FROM `users` WHERE `users`.`status` = 'shipped' LIMIT 21
SELECT id, user_id, total_cents, currency, status, created_at, shipped_at FROM orders WHERE (id = 13092 AND id IS NOT NULL) OR (shipped_at = '2024-03-04 20:13:00' AND shipped_at IS NOT NULL) OR (created_at = '2024-05-11 10:27:00' AND created_at IS NOT NULL) OR (total_cents = 34231 AND total_cents IS NOT NULL) OR (user_id = 2742 AND user_id IS NOT NULL)
CALL refresh_stats(3)
UPDATE `users` SET `password_hash` = 'heidi 61', `updated_at` = NOW() WHERE `id` = 88720
SELECT p.id, p.title, c.name FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.active = 1 AND p.price_cents BETWEEN 864 AND 6185
SET autocommit=0
UPDATE `products` SET `stock` = 7545, `updated_at` = NOW() WHERE `id` = 88823
SELECT SQL_CALC_FOUND_ROWS * FROM posts LIMIT 10
SELECT FOUND_ROWS()
START TRANSACTION
DESCRIBE users
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 607
SELECT `posts`.* FROM `posts` WHERE `posts`.`id` = 64612 ORDER BY `posts`.`id` DESC LIMIT 20
SELECT 1 AS `a` FROM `orders` WHERE `orders`.`id` = 29152 LIMIT 1
SELECT 1 AS `a` FROM `categories` WHERE `categories`.`id` = 56430 LIMIT 1
SELECT id, payload FROM audit_log WHERE id IN (5221, 2057, 8446, 885, 7482, 9164, 6429, 6522, 6537, 6458, 1697, 7890, 6561, 1020, 3123, 1104, 3421, 7220, 2660, 1802, 5572, 9843, 862, 1678, 4, 9287, 2479, 8792, 1663, 5958, 418, 1153, 3408, 6165, 2434, 4133, 5692, 9868)
SET @a = 1, @b = 'x'
SELECT DATE_FORMAT(created_at, '%%Y-%%m') AS month, COUNT(*), SUM(total_cents) FROM orders WHERE created_at >= '2024-01-01' GROUP BY month ORDER BY month
SELECT `posts`.* FROM `posts` INNER JOIN `comments` ON `comments`.`post_id` = `posts`.`id` WHERE `comments`.`user_id` = 3414
SELECT id, body FROM posts WHERE id IN (708, 8633, 3907, 1794, 2646, 4291, 826, 2968, 3306, 5112)
select c0_.id as id1_0_, c0_.name as name2_0_ from categories c0_ where c0_.name='erin 52'
SELECT `products`.`id`, `products`.`sku`, `products`.`title`, `products`.`description`, `products`.`price_cents`, `products`.`stock`, `products`.`category_id`, `products`.`active` FROM `products` WHERE `products`.`active` = 0 LIMIT 21
START TRANSACTION READ ONLY
SELECT 1 AS `a` FROM `posts` WHERE `posts`.`id` = 40462 LIMIT 1
SELECT `categories`.* FROM `categories` WHERE `categories`.`id` = 70334 ORDER BY `categories`.`id` DESC LIMIT 20
SELECT u.id, (SELECT COUNT(*) FROM orders o WHERE o.user_id = u.id) AS n FROM users u WHERE u.status = 'active' LIMIT 50
SELECT * FROM audit_log WHERE payload = 'grace 46'
SELECT * FROM orders WHERE shipped_at = '2024-08-09 02:54:00'
SET autocommit=0
SET @@session.wait_timeout = 600
SELECT COUNT(*) AS `__count` FROM `products` WHERE `products`.`sku` >= 'carol 34'
SET NAMES utf8mb4
INSERT INTO order_items (order_id, product_id, quantity, price_cents) VALUES (47614, 84527, 21500, 82537), (54784, 62517, 50560, 59344)
DELETE FROM sessions WHERE id = 49761
SELECT * FROM comments WHERE post_id = 85211
SELECT o.id, o.total_cents, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = 'pending' AND o.created_at > '2024-01-01' ORDER BY o.created_at DESC LIMIT 25
SELECT COUNT(*) AS `__count` FROM `order_items` WHERE `order_items`.`product_id` >= 81147
USE shop
UPDATE products SET stock = stock - 1 WHERE id = 61494 AND stock >= 3
SELECT UUID()
SELECT id FROM sessions WHERE token = '4f60e84640ef5ec2841f92cad1e0014e' AND expires_at > NOW()
