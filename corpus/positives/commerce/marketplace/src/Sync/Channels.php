<?php

declare(strict_types=1);

namespace Northwind\Marketplace\Sync;

/**
 * Credentials for the marketplace channels we push listings to.
 * Amazon SP-API (Login with Amazon), eBay Trading API and our own WooCommerce store.
 */
final class Channels
{
    public const AMAZON_LWA_CLIENT_ID = 'amzn1.application-oa2-client.9343f147ad0a722dc4898825b37908ad';
    public const AMAZON_LWA_CLIENT_SECRET = 'amzn1.oa2-cs.v1.2c7e4dd3c2e263f78c1a6aae3a64089e3d34f3adfedecf39f4ce18e146d6fd4a';
    public const AMAZON_REFRESH_TOKEN = 'Atzr|q6lbmJ44UlwZy4kouOritmT5N8WEVmU4RUpbB24a34j1yeWd7Mn_JYXrmSvN2lALVN_scbX5PuiKClbrPnC76ru5eM52Llfzqd3JRmxHJ8-GwklpK5okM6fBTY9XO2ujqk_H419fY6x3-9h-0WNb2Na-R_W9lSLQTxp_vztTmO-anBodTl4yGufi3r_hEVU0nAzonXHOcMQSalYHjzrmfsfPGysByhbw2PEwRLINidGcPECkbjwGOneliKlXDlAtKXLyNdyQPi-hFwqAWlWgCS8ruFrI-7IA7SVmPK13-DwG';

    public const EBAY_APP_ID = 'Northwin-Listings-PRD-6a7cdf876-76e4b73e';
    public const EBAY_CERT_ID = 'PRD-790da31f58f6-0fe1-2a36-f4f0-681f';

    public const WOO_URL = 'https://shop.northwind-outfitters.com';
    public const WOO_CONSUMER_KEY = 'ck_a955cdbad7b5338455bc7da508569a6f043d6d38';
    public const WOO_CONSUMER_SECRET = 'cs_c94eb9bc452baf6fa78d88288c21fa9d837f071e';

    public static function all(): array
    {
        return ['amazon', 'ebay', 'woocommerce'];
    }
}
