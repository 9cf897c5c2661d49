<?php
return [
    'db' => [
        'dsn' => sprintf('mysql:host=%s;dbname=%s', getenv('DB_HOST'), getenv('DB_NAME')),
        'user' => getenv('DB_USER'),
        'password' => getenv('DB_PASSWORD'),
    ],
    'mailgun_key' => $_ENV['MAILGUN_KEY'] ?? '',
    'stripe_secret' => $_SERVER['STRIPE_SECRET'] ?? 'sk_live_REPLACE_ME',
    'telegram_token' => getenv('TELEGRAM_TOKEN') ?: 'YOUR_BOT_TOKEN',
];
