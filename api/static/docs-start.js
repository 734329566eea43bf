// Starts Swagger UI on the page /docs serves, over this server's OpenAPI schema.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
