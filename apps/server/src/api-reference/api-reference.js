// Renders /api/openapi.json with Swagger UI. A file, not an inline script: the CSP allows scripts from this origin only.
window.addEventListener('load', () => {
  window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#api-reference',
    deepLinking: true,
    // Calls from "Try it out" carry the session cookie of this origin, like the app's own.
    withCredentials: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
  });
});
