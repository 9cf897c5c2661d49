<?php

return [

    /*
    |--------------------------------------------------------------------------
    | Third Party Services
    |--------------------------------------------------------------------------
    */

    'mailgun' => [
        'domain' => env('MAILGUN_DOMAIN', 'mg.larkspur-events.com'),
        'secret' => env('MAILGUN_SECRET', 'key-a2e4ba0f60569e9cbd51fdb9d3414cd2'),
        'endpoint' => env('MAILGUN_ENDPOINT', 'api.eu.mailgun.net'),
        'scheme' => 'https',
    ],

    'stripe' => [
        'key' => env('STRIPE_KEY'),
        'secret' => env('STRIPE_SECRET', "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"),
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN'),
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
        ],
    ],

];
